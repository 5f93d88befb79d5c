"""The ground floor's models: the task queue's leases (``core/queue/models.py``)."""

from undersigned.core.queue.models import TaskLease

__all__ = ["TaskLease"]
