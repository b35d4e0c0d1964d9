"""Include with ``path("", include("schema.urls"))`` to serve /graphql/."""

from django.urls import path

from .schema import schema
from .views import PublicGraphQLView

app_name = "schema"

urlpatterns = [
    path("graphql/", PublicGraphQLView.as_view(schema=schema), name="graphql"),
]
