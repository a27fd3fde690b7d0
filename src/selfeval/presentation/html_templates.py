"""The one way HTML is written: jinja2 templates with autoescape and strict undefined names.

Every HTML artefact of the product (cover, landing page, 构建信息 page, footer, the print
document, the 自评表) comes from a template in ``templates/``. Autoescape makes every value
text unless the template marks it ``|safe`` (only HTML this package built itself), and
StrictUndefined turns a misspelt name into an error instead of an empty string.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("selfeval.presentation", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context`` (values are escaped unless marked safe)."""
    return environment().get_template(template).render(**context).strip()
