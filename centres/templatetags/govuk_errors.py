"""GOV.UK's wording for a missing answer: "Enter address line 1", "Select the kind of contact".

Django's generic "This field is required." says nothing about which field, and GOV.UK asks
for the same message beside the field and in the error summary. A form's own wording (a
message it sets itself) is left as it is.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField, CheckboxInput, Field
from django.forms.widgets import ChoiceWidget

register = template.Library()


def _lower_first(label: str) -> str:
    """ "Address line 1" -> "address line 1"; "NHS number" stays as it is."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


@register.filter
def in_words(error: str, field: BoundField) -> str:
    if str(error) != str(Field.default_error_messages["required"]):
        return error  # the form's own words
    label = str(field.label or field.name).strip()
    widget = field.field.widget
    if label.endswith("?") or isinstance(widget, CheckboxInput):
        return f"Answer “{label}”"
    verb = "Select" if isinstance(widget, ChoiceWidget) else "Enter"
    return f"{verb} {_lower_first(label)}"
