"""The job kinds the apps register: the core runs, sweeps and purges them without knowing them.

Each app registers its job model in its AppConfig.ready() with the Celery task that runs it and,
optionally, what the retention purge removes of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from core.jobs.models import Job

Purge = Callable[[datetime], dict[str, int]]


@dataclass(frozen=True)
class JobKind:
    model: type[Job]
    task: Any  # a Celery task: its name routes the message
    purge: Purge | None = None


_KINDS: dict[type[Any], JobKind] = {}


def register_job_kind(model: type[Job], *, task: Any, purge: Purge | None = None) -> None:
    _KINDS[model] = JobKind(model=model, task=task, purge=purge)


def job_kinds() -> list[JobKind]:
    return list(_KINDS.values())


def task_for(model: type[Job]) -> Any:
    try:
        return _KINDS[model].task
    except KeyError:
        raise LookupError(f"{model.__name__} is not a registered job kind") from None
