"""The two references of the load test.

- `OneRowApi`: the least a DRF poll can do — token authentication and one row read — on the same
  server, so the status poll is compared with a ceiling measured in the same run.
- `sync_scan`: the design that calls the model inside the request (the photo is read while the
  person's request waits), to show what happens to pages when every worker thread is held by a
  model call.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.prompt_variants import draw
from integrations.ollama.recording import CallResult
from integrations.ollama.structured import chat_structured
from vision import prompts
from vision.images import model_image
from vision.images import prepare_upload
from vision.models import Scan
from vision.schemas import VisionReply


class OneRowApi(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request, pk: int) -> Response:
        row = (
            Scan.objects.filter(user_id=int(request.user.pk or 0), pk=pk)
            .values("id", "status")
            .first()
        )
        return Response(row or {}, status=200 if row else 404)


class _NoRecord:
    """The reference keeps no call log: it is the bare design, not ours."""

    purpose = "vision"
    attempt = 1

    def record(self, result: CallResult) -> None:
        pass

    def amend_last(self, *, outcome: str, error: str) -> None:
        pass


@csrf_exempt  # the reference measures the model call, not the form
@login_required
@require_POST
def sync_scan(request: HttpRequest) -> HttpResponse:
    upload: Any = request.FILES["image"]
    prepared = prepare_upload(upload, size=upload.size)
    image = model_image(prepared.content, model=settings.OLLAMA_VISION_MODEL)
    reply: Any = chat_structured(
        model=settings.OLLAMA_VISION_MODEL,
        messages=prompts.messages(draw("vision", 0), image, language="en"),
        schema=VisionReply,
        record=_NoRecord(),
    )
    return JsonResponse({"ingredients": [item.name for item in reply.ingredients]})
