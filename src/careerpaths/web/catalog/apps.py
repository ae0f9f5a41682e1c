from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "careerpaths.web.catalog"
    label = "catalog"
    verbose_name = "Catalog"
