"""The OpenAPI documentation that several endpoints share: a page of the caller's objects, a
delete, an idempotent write, and the poll, retry and cancel of a job kind (scans, generations),
which answer alike because `core.api.jobs` serves them. Each app's `api/schema.py` fills in its
own words and examples."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view

from core.api.base import errors
from core.api.base import finished_conflict
from core.api.base import job_headers
from core.api.base import response_example


def listing(
    *,
    tags: list[str],
    summary: str,
    description: str,
    item: Any,
    example: OpenApiExample,
    parameters: list[Any] | None = None,
    error_codes: tuple[int, ...] = (404,),
) -> Any:
    """A GET of a page of the caller's own objects; `item` is the serializer of one."""
    return extend_schema(
        tags=tags,
        summary=summary,
        description=description,
        parameters=parameters,
        responses={200: item(many=True), **errors(*error_codes)},
        examples=[example],
    )


def deletion(*, tags: list[str], summary: str, description: str | None = None) -> Any:
    """A DELETE that answers 204 with no body, or 404 for what is not the caller's."""
    return extend_schema(
        tags=tags, summary=summary, description=description, responses={204: None, **errors(404)}
    )


def change(
    *,
    tags: list[str],
    summary: str,
    request: Any,
    output: Any,
    asked: tuple[str, dict[str, Any]],
    answered: tuple[str, dict[str, Any]],
) -> Any:
    """A PATCH of the caller's own object: 200 with the object as it is now, 400 for a bad
    field, 404 for what is not theirs; `asked` and `answered` name and show one exchange."""
    return extend_schema(
        tags=tags,
        summary=summary,
        request=request,
        responses={200: output, **errors(400, 404)},
        examples=[
            OpenApiExample(asked[0], value=asked[1], request_only=True),
            response_example(*answered),
        ],
    )


def created_or_existing(
    output: Any, *, created: str, existing: str, error_codes: tuple[int, ...]
) -> dict[int, OpenApiResponse]:
    """The answers of an idempotent write: 201 when it made the object, 200 when the object
    was already there (changed or not); `output` is the serializer of the object."""
    return {
        201: OpenApiResponse(output, description=created),
        200: OpenApiResponse(output, description=existing),
        **errors(*error_codes),
    }


def either_answer(name: str, value: Any) -> OpenApiExample:
    """The example of a body that `created_or_existing` answers with either status."""
    return OpenApiExample(name, value=value, response_only=True, status_codes=["201", "200"])


POLL_CACHING = (
    "\n\nEvery answer carries an `ETag`. Send it back in `If-None-Match` on the next poll: "
    "while nothing you would see has changed (status, stage, progress, what has been written, "
    "the language of the answer) the answer is `304 Not Modified` with no body, which costs "
    "the server a single query."
)


def poll_headers() -> list[OpenApiParameter]:
    """The conditional-request headers of a job poll: the tag sent back, the tag answered."""
    return [
        OpenApiParameter(
            "If-None-Match",
            str,
            OpenApiParameter.HEADER,
            description="The `ETag` of the last answer you have; 304 while it still holds.",
        ),
        OpenApiParameter(
            "ETag",
            str,
            OpenApiParameter.HEADER,
            response=[200, 304],
            description="A tag of what this answer shows; send it back in `If-None-Match`.",
        ),
    ]


@dataclass(frozen=True)
class JobEndpoints:
    """The documentation of one job kind's endpoints; `output` is the job's serializer."""

    noun: str
    tags: list[str]
    output: Any

    @property
    def cancel_refused(self) -> str:
        """The 409 message of a cancel that came after the job finished."""
        return f"This {self.noun} has finished; only a queued or running one can be cancelled."

    def page(self, *, description: str, item: Any, example: OpenApiExample) -> Any:
        """GET of a page of the caller's jobs of this kind; `item` is the serializer of one."""
        return listing(
            tags=self.tags,
            summary=f"List my {self.noun}s",
            description=description,
            item=item,
            example=example,
        )

    def create(
        self,
        *,
        summary: str,
        description: str,
        request: Any,
        queued: str,
        invalid: OpenApiResponse,
        examples: list[OpenApiExample],
    ) -> Any:
        """POST that queues a job: 202 at once with the job and where to poll it, 400 with
        `invalid`, 429 when the person's or the address's job budget is spent."""
        return extend_schema(
            tags=self.tags,
            summary=summary,
            parameters=job_headers(),
            description=description,
            request=request,
            responses={
                202: OpenApiResponse(self.output, description=queued),
                400: invalid,
                **errors(429),
            },
            examples=examples,
        )

    def detail(
        self,
        *,
        description: str,
        examples: list[OpenApiExample],
        delete_summary: str,
        delete_description: str | None = None,
    ) -> Callable[[Any], Any]:
        """GET to poll the job until it has finished, DELETE to remove it."""
        return extend_schema_view(
            get=extend_schema(
                tags=self.tags,
                summary=f"Poll one {self.noun}",
                description=description + POLL_CACHING,
                parameters=poll_headers(),
                responses={
                    200: self.output,
                    304: OpenApiResponse(
                        description="Nothing you would see has changed since the `ETag` sent "
                        "in `If-None-Match`: no body; poll again later."
                    ),
                    **errors(404),
                },
                examples=examples,
            ),
            delete=deletion(tags=self.tags, summary=delete_summary, description=delete_description),
        )

    def retry(self, *, description: str, queued: dict[str, Any]) -> Callable[[Any], Any]:
        """POST to queue a failed or cancelled job again: 202 like the request that made it."""
        return extend_schema_view(
            post=extend_schema(
                tags=self.tags,
                summary=f"Retry a failed or cancelled {self.noun}",
                parameters=job_headers(),
                description=description,
                request=None,
                responses={202: self.output, **errors(404, 409, 429)},
                examples=[response_example("Queued again", queued, 202)],
            ),
        )

    def cancel(self, *, description: str, cancelled: dict[str, Any]) -> Callable[[Any], Any]:
        """POST to stop a queued or running job; 409 once it has finished."""
        return extend_schema_view(
            post=extend_schema(
                tags=self.tags,
                summary=f"Cancel a queued or running {self.noun}",
                description=description,
                request=None,
                responses={
                    200: self.output,
                    **errors(404),
                    409: finished_conflict(self.cancel_refused),
                },
                examples=[response_example("Cancelled", cancelled)],
            ),
        )
