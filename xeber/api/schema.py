"""Every operation of the API may answer with these errors; the schema says so."""

ERROR = {
    "description": "The request was refused; `detail` or `error` says why.",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}
ERROR_STATUSES = ["400", "401", "403", "404", "429"]


def document_errors(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in ERROR_STATUSES:
                responses.setdefault(status, ERROR)
    return result
