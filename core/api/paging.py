"""Pagination of every API list: whole page numbers, or a 400 that names the parameter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

PAGE_MESSAGE = _("The page number must be a whole number from 1.")
PAGE_SIZE_MESSAGE = _("The page size must be a whole number from 1 to %(maximum)d.")


def _whole_number(raw: str, *, field: str, message: str, maximum: int | None = None) -> int:
    """`raw` as an int from 1 (to `maximum`), else the standard 400 naming `field`.

    Only ASCII digits count: int() would also take " 3", "+3", "3_000" and other scripts' digits.
    """
    number = 0
    if raw.isascii() and raw.isdigit():
        try:
            number = int(raw)
        except ValueError:  # more digits than Python converts: out of range all the same
            number = 0
    if number < 1 or (maximum is not None and number > maximum):
        raise exceptions.ValidationError({field: [message]})
    return number


class Pagination(PageNumberPagination):
    """`page` and `page_size` are whole numbers; anything else is a 400 naming the parameter.

    DRF would answer a page of "x" with a 404 and quietly replace a page size of "x", 0 or 500
    with another one, so a client's mistake looked like an empty or a different page.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()
    page_query_description = (
        "Page number, from 1. Anything else is a 400 (`details.page`); a page past the last one "
        "is a 404."
    )
    page_size_query_description = (
        f"Results per page, from 1 to {max_page_size} (default {page_size}). Anything else is a "
        "400 (`details.page_size`)."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param or "page_size")
        if raw is None:
            return self.page_size
        maximum = self.max_page_size or self.page_size
        return _whole_number(
            raw,
            field="page_size",
            message=PAGE_SIZE_MESSAGE % {"maximum": maximum},
            maximum=maximum,
        )

    def get_page_number(self, request: Request, paginator: Any) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return _whole_number(raw, field=self.page_query_param, message=str(PAGE_MESSAGE))

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters


PAGING_ERROR_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are invalid.",
        "details": {
            "page_size": [
                f"The page size must be a whole number from 1 to {Pagination.max_page_size}."
            ]
        },
    }
}


def schema_document_paging_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: every paginated operation documents the 400 of a bad page number.

    Lists are declared in each app; the paginator is shared, so its error is documented here
    once instead of in every view.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            names = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            if {"page", "page_size"} <= names and "400" not in operation.get("responses", {}):
                operation["responses"]["400"] = {
                    "description": "`page` or `page_size` is not a whole number in range; "
                    "`details` names it.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"},
                            "examples": {
                                "BadPageSize": {
                                    "value": PAGING_ERROR_EXAMPLE,
                                    "summary": "Bad page size",
                                }
                            },
                        }
                    },
                }
                operation["responses"] = dict(
                    sorted(operation["responses"].items(), key=lambda item: item[0])
                )
    return result
