"""The public face of a document: what a published report or a published
Cabinet decision releases to everyone."""

import strawberry


@strawberry.type(
    name="PublicDocument",
    description="A document published with a report or a Cabinet decision.",
)
class PublicDocument:
    title: str = strawberry.field(description="Title of the document.")
    url: str = strawberry.field(description="Where to download it.")
    file_size: int | None = strawberry.field(description="Size in bytes, if known.")


def public_document(document, info: strawberry.Info) -> PublicDocument:
    """``document`` with an absolute download link when there is a request."""
    url = document.url
    request = getattr(info.context, "request", None)
    if request is not None:
        url = request.build_absolute_uri(url)
    return PublicDocument(title=document.title, url=url, file_size=document.file_size)
