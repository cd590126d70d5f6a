"""The exchange between members: warnings, requests for assistance, need-to-know sharing
(sharing groups, TLP 2.0, originator consent), delivery that loses nothing, the audit chain,
STIX 2.1 and TAXII 2.1. `ExchangeService` is the entry point; `policy.allowed` decides reads.
"""

from coalition.exchange import interop
from coalition.exchange.clock import ManualClock, SystemClock
from coalition.exchange.delivery import DeliveryWorker
from coalition.exchange.items import ReplyStatus, RequestDraft, Severity, WarningDraft
from coalition.exchange.policy import Guarded, Principal, allowed
from coalition.exchange.service import ExchangeService
from coalition.exchange.signing import KeyStoreSigner, MemorySigner
from coalition.exchange.tlp import TLP
from coalition.exchange.transport import HttpxTransport, MemoryTransport

__all__ = ["DeliveryWorker", "ExchangeService", "Guarded", "HttpxTransport", "KeyStoreSigner",
           "ManualClock", "MemorySigner", "MemoryTransport", "Principal", "ReplyStatus",
           "RequestDraft", "Severity", "SystemClock", "TLP", "WarningDraft", "allowed", "interop"]
