"""MkDocs' strict build, run in this process, as `mkdocs build --strict` runs it.

`rebound build` used to start `python -m mkdocs build` in a subprocess, which
imported everything again and validated the whole content tree a second time.
Here the config loaded once by the command is built directly, and the content
the command already validated is handed to our plugin instead of being read
again.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .content import Catalog


class BuildFailed(Exception):
    """MkDocs stopped the build; the reason has been logged, or is the message."""


@contextlib.contextmanager
def command_line_logging() -> Iterator[None]:
    """MkDocs' log lines on stderr, formatted and filtered as its own command does.

    In place only for the duration, so that builds run one after another in one
    process (the tests do) neither print every line twice nor leak handlers.
    """
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    duplicates = DuplicateFilter()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    build.log.addFilter(duplicates)
    try:
        yield
    finally:
        build.log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def build_site(config: MkDocsConfig, site_dir: Path, catalog: Catalog) -> None:
    """Build `config` strictly into `site_dir`, with `catalog` as the content, validated.

    Strict as `mkdocs build --strict`: MkDocs counts every warning logged during
    the build and aborts at the end if there was one (which needs the `mkdocs`
    logger at INFO or below, as `command_line_logging` leaves it).

    Raises:
        BuildFailed: MkDocs aborted (a warning in strict mode, a plugin's error).
        OSError: writing the site failed (a full disk, a read-only folder).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from .plugin import ReboundPlugin

    config.strict = True
    config.site_dir = str(site_dir)
    for plugin in config.plugins.values():
        if isinstance(plugin, ReboundPlugin):
            plugin.validated_catalog = catalog
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort as abort:
        raise BuildFailed(abort.format_message()) from None
    except MkDocsException as error:
        raise BuildFailed(error.format_message()) from None
    finally:
        config.plugins.on_shutdown()
