"""The publications waiting for approval, for the studio's library and version pages (one query)."""

from django import template

from ..publication import pending_requests

register = template.Library()


@register.simple_tag
def pending_publications():
    return list(pending_requests())
