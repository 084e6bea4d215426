"""The catalogue: a service per offer per main centre, the partners' shared across centres."""

from __future__ import annotations

from decimal import Decimal

from centres.demo.services.offers import OFFERS, PARTNERS, Offer
from centres.demo.services.simulation import SimulationBase
from centres.models import Centre
from partnerships.models import Partner
from services.models import Charge, Service


class Catalogue(SimulationBase):
    """The services, and the partners who provide some of them."""

    def catalogue(self) -> None:
        partners: dict[str, Partner] = {}
        for kind, name in PARTNERS.items():
            partner = Partner.objects.filter(kind=kind).order_by("pk").first()
            partners[kind] = partner or Partner.objects.create(
                name=name, kind=kind, email=f"{kind.replace('_', '.')}@demo.invalid"
            )
        shared = {o.key: self._service(o, None, partners[o.partner]) for o in OFFERS if o.partner}
        for main in self.mains:
            for offer in OFFERS:
                self.services[(main.pk, offer.key)] = shared.get(offer.key) or self._service(offer, main, None)
        self.counts["services"] = Service.objects.count()

    def _service(self, offer: Offer, centre: Centre | None, partner: Partner | None) -> Service:
        fee, concession = Decimal(offer.fee), Decimal(offer.concession)
        return Service.objects.create(
            name=offer.name,
            category=offer.category,
            description=offer.description,
            provider_centre=centre,
            provider_partner=partner,
            programme=offer.programme,
            evidence_rating=offer.rating,
            min_age_months=offer.ages[0],
            max_age_months=offer.ages[1],
            capacity=offer.capacity,
            booking_required=bool(offer.weeks),
            charge=Charge.FEE if fee else Charge.FREE,
            fee=fee,
            concession_fee=concession,
            cost_per_session=Decimal(offer.cost),
        )
