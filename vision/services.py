"""Scan use cases: accept a photo, recognise its ingredients, retry, cancel, delete."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.services import profile_get
from core.job_flows import job_create_or_reuse
from core.job_progress import ModelProgress
from core.jobs import RETRYABLE
from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from core.jobs import job_cancel
from core.jobs import job_fail
from core.jobs import job_reset_for_retry
from core.jobs import job_set_progress
from core.jobs import job_succeed
from core.model_calls import CallRecord
from core.prompt_variants import job_variant
from core.single_flight import job_follow
from integrations.ollama.structured import chat_structured
from vision import prompts
from vision.images import model_image
from vision.images import prepare_upload
from vision.models import Scan
from vision.models import ScanIngredient
from vision.schemas import VisionReply

logger = logging.getLogger(__name__)

# Characters a reply usually takes, for progress while the model-call log is still empty.
CHARS_PER_REPLY = 600


def scan_create(
    *, user: User, file: IO[bytes], size: int | None = None, fresh: bool = False
) -> Scan:
    """Validate and store the photo, then queue recognition (or reuse an identical earlier scan).

    The names are asked for in the profile's language; an earlier scan of the same photo is
    reused (or joined while it runs) only when it was made in that language too.
    Raises ImageRejected with a plain-words message for anything that is not a usable photo.
    """
    prepared = prepare_upload(file, size=size)
    language = profile_get(user=user).language
    same = Q(user=user, image_sha256=prepared.sha256, language=language)
    earlier = None
    if not fresh:
        earlier = (
            Scan.objects.filter(same, status=JobStatus.SUCCEEDED).order_by("-created_at").first()
        )

    def build(leader: Scan | None) -> Scan:
        scan = Scan(
            user=user,
            image_sha256=prepared.sha256,
            width=prepared.width,
            height=prepared.height,
            language=language,
            model_name=settings.OLLAMA_VISION_MODEL,
            reused_from=leader,
        )
        scan.image.save("photo.jpg", ContentFile(prepared.content), save=False)
        return scan

    return job_create_or_reuse(
        model=Scan,
        build=build,
        earlier=earlier,
        copy=lambda scan, earlier: _copy_result(scan=scan, earlier=earlier),
        same=None if fresh else same,
    )


def _copy_result(*, scan: Scan, earlier: Scan) -> None:
    scan.status = JobStatus.SUCCEEDED
    scan.progress = 100
    scan.stage = Stage.DONE_REUSED
    scan.reused_from = earlier
    scan.model_name = earlier.model_name
    scan.prompt_variant_id = earlier.prompt_variant_id
    scan.started_at = scan.finished_at = scan.created_at
    scan.save()
    _copy_ingredients(scan=scan, earlier=earlier)


def _copy_ingredients(*, scan: Scan, earlier: Scan) -> None:
    ScanIngredient.objects.bulk_create(
        ScanIngredient(scan=scan, name=i.name, confidence=i.confidence, position=i.position)
        for i in earlier.ingredients.all()
    )


def scan_recognize(scan: Scan) -> None:
    """Run the vision model on a claimed (running) scan and store what it saw."""
    leader = job_follow(job=scan, stage=Stage.FOLLOWING_SAME_PHOTO)
    if leader is not None:

        def copy() -> None:
            _copy_ingredients(scan=scan, earlier=leader)
            Scan.objects.filter(pk=scan.pk).update(
                model_name=leader.model_name, prompt_variant=leader.prompt_variant_id
            )

        job_succeed(job=scan, stage=Stage.DONE_JOINED, write=copy)
        return
    job_set_progress(job=scan, progress=10, stage=Stage.PREPARING_PHOTO)
    with scan.image.open("rb") as fh:
        variant = job_variant(scan, kind="vision")
        model = variant.model or settings.OLLAMA_VISION_MODEL
        image = model_image(fh.read(), model=model)
    on_progress = ModelProgress(
        scan, low=25, high=90, stage=Stage.READING_PHOTO, default_chars_per_unit=CHARS_PER_REPLY
    )
    on_progress.start()
    reply = chat_structured(
        model=model,
        messages=prompts.messages(variant, image, language=scan.language),
        schema=VisionReply,
        record=CallRecord(
            purpose="vision",
            prompt_version=variant.label,
            prompt_variant_id=variant.pk,
            scan_id=scan.pk,
            attempt=scan.attempts,
        ),
        options=variant.options or None,
        on_progress=on_progress,
    )
    names = _clean_recognised(reply)
    if not names:
        job_fail(job=scan, code=ErrorCode.NO_INGREDIENTS)
        return

    def write() -> None:
        Scan.objects.filter(pk=scan.pk).update(model_name=model)
        ScanIngredient.objects.bulk_create(
            ScanIngredient(scan=scan, name=name, confidence=round(conf, 3), position=i)
            for i, (name, conf) in enumerate(names)
        )

    job_succeed(job=scan, write=write)


def _clean_recognised(reply: VisionReply) -> list[tuple[str, float]]:
    best: dict[str, tuple[str, float]] = {}
    for item in reply.ingredients:
        name = " ".join(item.name.split())[: settings.MAX_INGREDIENT_LENGTH].strip(" .,;")
        key = name.casefold()
        if name and (key not in best or best[key][1] < item.confidence):
            best[key] = (name, item.confidence)
    ranked = sorted(best.values(), key=lambda pair: -pair[1])
    return ranked[: settings.MAX_INGREDIENTS]


def scan_retry(*, scan: Scan) -> bool:
    """Queue a failed or cancelled scan again, with the photo it already has."""
    return job_reset_for_retry(job=scan)


def scan_cancel(*, scan: Scan) -> bool:
    """Stop a queued or running scan (the photo stays, so it can be retried)."""
    return job_cancel(job=scan)


def scan_delete(*, scan: Scan) -> None:
    """Delete the scan and its photo (after the row is gone, so nothing points at a lost file)."""
    image = scan.image
    scan.delete()
    name = image.name
    if name:
        transaction.on_commit(lambda: image.storage.delete(name))


def scan_forget_photo(*, scan: Scan) -> None:
    """Remove a scan's photo but keep the scan and its ingredients (retention)."""
    name = scan.image.name
    Scan.objects.filter(pk=scan.pk).update(image="")
    if name:
        transaction.on_commit(lambda: scan.image.storage.delete(name))


def scans_purge(cutoff: datetime) -> dict[str, int]:
    """Retention: delete failed and cancelled scans older than `cutoff` with their photos, and
    remove the photos of the others (a successful scan keeps its row and ingredients: history
    stays whole).
    """
    failed_scans = 0
    for scan in Scan.objects.filter(created_at__lt=cutoff, status__in=RETRYABLE).iterator():
        scan_delete(scan=scan)
        failed_scans += 1
    photos = 0
    for scan in Scan.objects.filter(created_at__lt=cutoff).exclude(image="").iterator():
        scan_forget_photo(scan=scan)
        photos += 1
    return {"photos": photos, "failed_scans": failed_scans}
