"""Celery tasks for the recipes queue: thin wrappers around the services."""

from celery import Task
from celery import shared_task

from core.job_runner import run_job
from recipes import writing
from recipes.models import Generation


@shared_task(bind=True, name="recipes.tasks.generation_run", max_retries=None)
def generation_run(self: Task, generation_id: int) -> None:
    run_job(self, model=Generation, job_id=generation_id, runner=writing.generation_run)  # type: ignore[arg-type]
