from centres.models.areas import (
    LSOA,
    Deprivation,
    LSOALookup,
    Population,
    Postcode,
    ReachArea,
    ReachAreaLSOA,
)
from centres.models.audit import AuditEvent, WorkerHeartbeat
from centres.models.imports import ReferenceImport
from centres.models.organisation import Centre, Cluster, User

__all__ = [
    "LSOA",
    "AuditEvent",
    "Centre",
    "Cluster",
    "Deprivation",
    "LSOALookup",
    "Population",
    "Postcode",
    "ReachArea",
    "ReachAreaLSOA",
    "ReferenceImport",
    "User",
    "WorkerHeartbeat",
]
