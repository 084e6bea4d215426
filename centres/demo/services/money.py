"""Money: a budget per service per financial year, and the spend on the sessions held."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from centres.demo.services.simulation import SimulationBase
from services.models import Budget, Spend


class Money(SimulationBase):
    """Budgets and spend."""

    def money(self) -> None:
        """A budget per service per financial year, and each month's spend on the sessions held."""
        rng = self.rng
        by_id = {s.pk: s for s in self.services.values()}
        centre_of = {s.pk: g for (g, _), s in self.services.items()}
        default = self.fallback_user.pk if self.fallback_user else None
        budgets, spends = [], []
        for (service_id, year), sessions in sorted(self.planned.items()):
            user = self.managers.get(centre_of[service_id], default)
            if user is None:
                continue
            # What the year's sessions cost, with a margin, to the nearest £100.
            amount = sessions * by_id[service_id].cost_per_session * Decimal(str(round(rng.uniform(1.0, 1.12), 2)))
            hundreds = max(1, int((amount / 100).quantize(Decimal(1))))
            budgets.append(
                Budget(service_id=service_id, financial_year=year, amount=Decimal(hundreds * 100), set_by_id=user)
            )
        this_month = (self.ctx.as_of.year, self.ctx.as_of.month)
        for (service_id, year, month), sessions in sorted(self.held.items()):
            user = self.managers.get(centre_of[service_id], default)
            if user is None or (year, month) >= this_month:
                continue
            last_day = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            spends.append(
                Spend(
                    service_id=service_id,
                    date=last_day,
                    recorded_by_id=user,
                    amount=sessions * by_id[service_id].cost_per_session,
                    description=f"{sessions} sessions in {last_day:%B %Y}: staff, room and materials",
                )
            )
        Budget.objects.bulk_create(budgets)
        Spend.objects.bulk_create(spends, batch_size=2000)
        self.counts["spend"] = len(spends)
