"""Celery tasks for the vision queue: thin wrappers around the services."""

from celery import Task
from celery import shared_task

from core.job_runner import run_job
from vision import services
from vision.models import Scan


@shared_task(bind=True, name="vision.tasks.scan_recognize", max_retries=None)
def scan_recognize(self: Task, scan_id: int) -> None:
    run_job(self, model=Scan, job_id=scan_id, runner=services.scan_recognize)  # type: ignore[arg-type]
