from centres.models.api import ApiCall, ApiClient, ApiToken, IdempotencyKey, Scope
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
    "ApiCall",
    "ApiClient",
    "ApiToken",
    "AuditEvent",
    "Centre",
    "Cluster",
    "Deprivation",
    "IdempotencyKey",
    "LSOALookup",
    "Population",
    "Postcode",
    "ReachArea",
    "ReachAreaLSOA",
    "ReferenceImport",
    "Scope",
    "User",
    "WorkerHeartbeat",
]
