"""Community screens of a centre: strands 5 to 7 (hub, expertise, parents) and its spend (F1).

URL -> services/community/urls.py -> views.py -> selectors.py (reads) or services.py (writes)
-> services/models/{hub,expertise,parents,money}.py. Who may use each screen: access.py.
"""
