"""The site's public address: `site_url` in mkdocs.yml, or `SITE_URL` for one build.

Readers can only use an address that leads to the site from their own device. A
loopback address (`http://127.0.0.1:8000/`, the default for local work) or none at
all is no address for them, so a build without a public one prints none: no
canonical or `og:url` link, no feed, no sitemap, no robots.txt, and worksheets and
PDFs leave out the "Fill it in online" line. `mkdocs serve` is the exception: its
preview keeps MkDocs' loopback address, which the theme's instant navigation
needs, and publishes nothing.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SITE_URL_ENV = "SITE_URL"
EXAMPLE = "https://rebound.example/"
RSS_PLUGIN = "rss"
SITEMAP_TEMPLATE = "sitemap.xml"
INSTANT_NAVIGATION = "navigation.instant"
# What stands in a URL that is printed into HTML attributes, XML, headers and robots.txt:
# anything else (spaces, quotes, angle brackets, control characters) is refused.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")


class SiteAddressError(ValueError):
    """An address that is not a web address; the message says what to give instead."""


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published.

    Attributes:
        configured: the address MkDocs builds with (ends in `/`), or None.
        public: the same when readers can reach it; None for a loopback address or none.
        source: where it came from, for messages (`SITE_URL` or `site_url in mkdocs.yml`).
    """

    configured: str | None
    public: str | None
    source: str

    @property
    def path(self) -> str:
        """The path the site is served under (`/`, or `/rebound/` for a project page)."""
        return urlsplit(self.public).path if self.public else "/"


def resolve(site_url: str | None, environ: Mapping[str, str]) -> SiteAddress:
    """The site's address: `SITE_URL` when it is set, else `site_url` from mkdocs.yml.

    Raises:
        SiteAddressError: when the address in use is not an http(s) web address.
    """
    from_environment = environ.get(SITE_URL_ENV, "").strip()
    if from_environment:
        source, raw = SITE_URL_ENV, from_environment
    else:
        source, raw = "site_url in mkdocs.yml", (site_url or "").strip()
    if not raw:
        return SiteAddress(None, None, source)
    address = normalized(raw, source)
    return SiteAddress(address, address if is_public(address) else None, source)


def normalized(url: str, source: str = SITE_URL_ENV) -> str:
    """`url` checked as the address of a site, ending in `/`.

    Raises:
        SiteAddressError: naming `source` and saying what a good address looks like.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    problem = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "is not a web address"
    elif not _URL_CHARACTERS.fullmatch(url):
        problem = "has characters an address cannot have (spaces, quotes, < or >)"
    elif parts.username is not None or parts.password is not None:
        problem = "holds a user name or password"
    elif parts.query or parts.fragment or "?" in url or "#" in url:
        problem = "has a ?query or #fragment"
    if problem:
        raise SiteAddressError(
            f"{source}: {url!r} {problem}; give the site's address, like {EXAMPLE}"
        )
    assert parts is not None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts._replace(path=path).geturl()


def is_public(url: str | None) -> bool:
    """Whether readers could reach `url` from their own devices: not loopback, not unset."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_loopback or ip.is_unspecified)


def no_address_note(address: SiteAddress) -> str:
    """The one line a build without a public address prints."""
    what = f"{address.configured} is a loopback address" if address.configured else "none is set"
    return (
        f"The site has no public address yet ({what}), so pages, worksheets and PDFs print "
        "none, and there is no feed, sitemap or robots.txt. Give it one for a build with "
        f"SITE_URL={EXAMPLE} rebound build, or set site_url in mkdocs.yml."
    )


def apply(config: MkDocsConfig, address: SiteAddress, *, preview: bool) -> None:
    """Make MkDocs and the plugins that print the address use `address`.

    Without a public address (and outside a preview), `site_url` is cleared, so
    MkDocs and the theme print no canonical or `og:url` link, the feed is neither
    written nor linked (`write_address_files` removes the sitemap), and the theme's
    instant navigation, which reads the sitemap, is off.

    Arguments:
        preview: `mkdocs serve`, whose own loopback address is kept.
    """
    if address.public:
        config.site_url = address.public
    elif not preview:
        config.site_url = None
        # Instant navigation finds the site's pages through the sitemap: without one
        # every page would ask for it in vain, so pages load the ordinary way.
        features = config.theme.get("features") or []
        features[:] = [name for name in features if not name.startswith(INSTANT_NAVIGATION)]
        feed = config.plugins.get(RSS_PLUGIN)
        if feed is not None:
            # Disabled, its events (already registered) do nothing; taken out of the
            # plugins, it is not linked: the theme links the feed whenever an `rss`
            # plugin is listed, and its script asks for the sitemap beside every
            # `<link rel="alternate">` on a page, a request that would find nothing.
            feed.config.enabled = False
            del config.plugins[RSS_PLUGIN]
        return
    _give_feed_an_image(config)


# The feed's channel image (RSS wants a GIF, JPEG or PNG at an absolute address).
FEED_IMAGE = "assets/images/rebound-feed.png"


def _give_feed_an_image(config: MkDocsConfig) -> None:
    """mkdocs-rss-plugin writes `<image><url>None</url>` when it has no image: give it ours."""
    feed = config.plugins.get(RSS_PLUGIN)
    if feed is None or feed.config.get("image") or not config.site_url:
        return
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    feed.config.image = base + FEED_IMAGE


ROBOTS_FILE = "robots.txt"


def robots_txt(address: SiteAddress) -> str | None:
    """robots.txt naming the sitemap's address; None without a public address (no sitemap).

    Crawlers read robots.txt only at the root of a host: for a site under a path
    (a GitHub project page) it is written all the same, and the sitemap still works.
    """
    if not address.public:
        return None
    return f"User-agent: *\nDisallow:\n\nSitemap: {address.public}{SITEMAP_TEMPLATE}\n"


def write_address_files(site_dir: Path, address: SiteAddress, *, preview: bool) -> None:
    """With a public address, robots.txt (unless the content folder brought the author's
    own); without one, no sitemap, since its entries must be absolute addresses."""
    text = robots_txt(address)
    robots = site_dir / ROBOTS_FILE
    if text is not None and not robots.exists():
        robots.write_text(text, "utf-8")
    if not address.public and not preview:
        for name in (SITEMAP_TEMPLATE, SITEMAP_TEMPLATE + ".gz"):
            (site_dir / name).unlink(missing_ok=True)
