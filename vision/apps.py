from django.apps import AppConfig


class VisionConfig(AppConfig):
    name = "vision"

    def ready(self) -> None:
        from core.jobs import register_job_kind
        from vision.models import Scan
        from vision.services import scans_purge
        from vision.tasks import scan_recognize

        register_job_kind(Scan, task=scan_recognize, purge=scans_purge)
