"""The MkDocs plugin `ladderkit`: the only MkDocs-specific module.

Event methods stay short and call helpers named by verb; everything they render comes
from pure functions in pages.py, audit_page.py and diagram.py.
"""

from __future__ import annotations

import copy
import logging
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import ConfigurationError, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from generator import i18n
from generator.brand import BRAND, Brand, brand_css_variables, font_face_css, load_brand, resolve_file
from generator.errors import LadderErrors, UserError, UserErrors, in_file
from generator.ladder.loader import ladder_files, load_all
from generator.ladder.spec import LANGUAGE
from generator.ladder.translate import in_language
from generator.markup import urls
from generator.markup.text import attribute, html, url
from generator.print import site_pdfs
from generator.print.language import direction, interface_language
from generator.site import csp, theme_language
from generator.site.audit_page import render_audit
from generator.site.customers_page import render_customers
from generator.site.downloads import downloads_markdown
from generator.site.group_page import render_group
from generator.site.languages import overlay, site_root, switcher
from generator.site.pages import bridge_page, ladders_list, overview_page, rungs_page
from generator.site.preload import module_graph, preload_links, start_before_theme, with_preloads
from generator.vocab import Bool, Checker, Int, List, Obj, Text, optional

log = logging.getLogger("mkdocs.plugins.ladderkit")
ASSETS = "assets/ladderkit"
# ladderkit.js loads on every page and imports the others only where their page is shown.
SCRIPTS = (
    "ladderkit.js",
    "audit.js",
    "common.js",
    "customers.js",
    "group.js",
    "guide.js",
    "participant.js",
    "report.js",
    "report-view.js",
    "rules.js",
)
# generator/scoring/: the browser's mirrors of its Python modules (scoring, group figures, files clients hand in, reading, wording)
ENGINE = ("scoring.mjs", "aggregate.mjs", "clientfiles.mjs", "reading.mjs", "wording.mjs", "i18n.mjs", "messages.mjs")
# Sections of content/ written for coaches, not their clients: last in the navigation.
COACH_SECTIONS = ("coaches", "reference")
MARKERS = {"<!-- ladderkit: ladders -->", "<!-- ladderkit: call-to-action -->"}
# Said last after a preview rebuild that kept the last good ladders, brand or options, so the
# error above it is not followed by anything that reads like success.
NOT_REBUILT = (
    "ladderkit: NOT rebuilt with your change: the last good version is still served. "
    "Fix the error above and save again."
)


# The plugin's options in the shared vocabulary: checked (brand settings included) before
# MkDocs reads them, so every mistake in them is reported at once and named the same way
# as in a ladder. MkDocs itself only warns on an unknown option.
OPTIONS = Obj(
    {
        "ladders_dir": optional(Text(), "ladders"),
        "pdfs": optional(Bool(), True),
        "cache_dir": optional(Text(), ".cache/pdf"),  # the PDF cache, relative to mkdocs.yml
        "pdf_workers": optional(Int(0), 0),  # processes rendering PDFs; 0: one per core
        "brand": optional(BRAND, {}),
        # The interface language (a BCP 47 tag); also Material's theme.language. Empty: that
        # setting's value, else English.
        "language": optional(Text(), ""),
        # Further languages of the site, each built into <site>/<lang>/ by `ladderkit build`
        # with its ladders' translations (site/languages.py).
        "alternate_languages": optional(List(LANGUAGE, noun="language tags"), ()),
    },
    "ladderkit's options",
    word="setting",
    list_known=True,
)


class LadderkitConfig(Config):
    ladders_dir = c.Type(str, default=OPTIONS.default("ladders_dir"))
    pdfs = c.Type(bool, default=OPTIONS.default("pdfs"))
    cache_dir = c.Type(str, default=OPTIONS.default("cache_dir"))
    pdf_workers = c.Type(int, default=OPTIONS.default("pdf_workers"))
    brand = c.Type(dict, default=OPTIONS.default("brand"))
    language = c.Type(str, default=OPTIONS.default("language"))
    alternate_languages = c.Type(list, default=[])


class RenderedPdf(File):
    """A PDF written into the site by the renderer (print/site_pdfs.py), not copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class InputErrors(MkDocsException):
    """Mistakes in the coach's inputs (ladders, brand, workshop packs), one per line.

    Not a BuildError on purpose: MkDocs logs a BuildError and replaces it with "Aborted with
    a BuildError!", where this one reaches `ladderkit build` (and MkDocs' own CLI) as it is."""


class LadderkitPlugin(BasePlugin[LadderkitConfig]):
    def __init__(self):
        self.serving = False
        self.ladders = []
        self.brand = Brand()
        self._last_good = None  # (ladders, brand) that last built, kept while serving
        self.direction = "ltr"  # the site language's reading direction (language.direction), set in on_config
        self.pdfs = None  # site_pdfs.SitePdfs of the build in progress
        self.kept_last_good = False  # this preview build fell back on the last good input
        self._generation = 0  # counts builds, so PDF work of an older preview build stands down
        self._server: Any = None  # the preview's LiveReloadServer, once serving
        self._server_ready = threading.Event()
        self._tools: dict[str, str] = {}  # tool page source path -> its module (on_files)
        self._modules: dict[str, list[str]] = {}  # that module -> what its page preloads
        # The language this build publishes when it is not the main one: set by
        # `ladderkit build` (build_in_language) for each of alternate_languages.
        self.build_language: str | None = None
        self.untranslated: set[str] = set()  # ids of ladders shown in their own language

    def on_startup(self, *, command, dirty):
        # The preview hook: while serving, bad ladders or brand settings keep the last good
        # version (see _load_inputs), and the PDF step may use `self.serving` to decide how
        # PDFs are made during a preview.
        self.serving = command == "serve"

    def load_config(self, options, config_file_path=None):
        """Unknown or mistyped plugin options stop the build with a message naming each setting.

        While serving, a bad edit of mkdocs.yml is reported and the last good options are kept."""
        self.kept_last_good = False  # a new build starts here (options load first)
        try:
            options = _checked_options(options)
            self._last_good_options = options
        except UserError as exc:
            if not (self.serving and getattr(self, "_last_good_options", None) is not None):
                raise ConfigurationError(str(exc)) from None
            log.error("%s", in_file(Path(config_file_path or "mkdocs.yml").name, exc))
            self.kept_last_good = True
            options = self._last_good_options
        return super().load_config(dict(options), config_file_path)

    # Before Material's search (priority 0), which reads theme.language for its stemmer: the
    # plugin's `language` must be in place by then, as if theme.language had said it.
    @event_priority(100)
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self._load_inputs(root, config.docs_dir, _display(config.config_file_path))
        self._apply_language(config)
        self._localise(config)
        self._apply_brand(config)
        # Material sets <body dir> from theme.language (self.language); ours also marks <html> (on_post_page).
        self.direction = direction(self.language)
        self.site_date = site_pdfs.site_date(self.ladders, root, Path(config.docs_dir))
        self._add_theme_dir(config)
        config.extra_css[:0] = [f"{ASSETS}/brand.css", f"{ASSETS}/ladderkit.css"]
        script = c.ExtraScriptValue(f"{ASSETS}/ladderkit.js")
        script.type = "module"
        config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config) -> Files:
        self._overlay_pages(files, config)
        coach_files = {f.dest_uri: f for f in files if f.generated_by is None}
        self._start_pdfs(config)
        self._add_assets(files, config)
        directory_urls = config.use_directory_urls
        for ladder in self.ladders:
            self._add_page(
                files,
                config,
                urls.ladder_page(ladder.id),
                overview_page(ladder, directory_urls, self.direction, m=self.messages),
            )
            self._add_page(files, config, urls.rungs_page(ladder.id), rungs_page(ladder, self.messages))
            for bridge in ladder.bridges:
                self._add_page(
                    files,
                    config,
                    urls.bridge_page(ladder.id, bridge.id),
                    bridge_page(
                        ladder,
                        bridge,
                        pdf_link=self._playbook_link(ladder, bridge),
                        direction=self.direction,
                        m=self.messages,
                    ),
                )
            cta = (self.brand.call_to_action.text, self.brand.call_to_action.link)
            self._add_page(
                files,
                config,
                urls.audit_page(ladder.id),
                render_audit(
                    ladder,
                    directory_urls=directory_urls,
                    call_to_action=cta,
                    brand_info=self._brand_info(),
                    worksheet_links=self._worksheet_links(ladder, directory_urls),
                    direction=self.direction,
                    m=self.messages,
                ),
            )
        if self.pdfs:
            self._add_pdf_files(files, config)
        self._add_client_pages(files, config, directory_urls)
        _refuse_replaced(coach_files, files, Path(config.docs_dir).name)
        if not config.nav:
            config.nav = self._navigation(files)
        # Once a build, not once a page: the tool pages and the modules each preloads.
        # ladderkit.js (every page's script) imports the entry dynamically; the rest are static imports.
        self._tools = self._tool_pages()
        self._modules = {
            entry: ["ladderkit.js", *module_graph(entry, lambda name: _script(name).decode("utf-8"))]
            for entry in set(self._tools.values())
        }
        return files

    def on_pre_page(self, page, config, files):
        # The sitemap dates every page; the sources' date instead of the clock keeps rebuilds identical.
        page.update_date = self.site_date
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if self.pdfs:
            markdown = self.pdfs.link_pack(markdown, page.file.src_uri)
        if "<!-- ladderkit:" not in markdown:
            return markdown
        markdown = markdown.replace(
            "<!-- ladderkit: ladders -->", ladders_list(self.ladders, page.file.src_uri, self.messages)
        )
        cta = self.brand.call_to_action
        # Raw HTML through text.py: the text and link were put into Markdown as they were.
        button = (
            f'<a class="md-button md-button--primary" href="{attribute(url(cta.link))}">{html(cta.text)}</a>'
            if cta.text
            else ""
        )
        return markdown.replace("<!-- ladderkit: call-to-action -->", button)

    # Before the search plugin (priority 0) indexes the page: the downloads page gets its
    # page counts and sizes here, as late as possible, so PDFs render while MkDocs renders pages.
    @event_priority(50)
    def on_page_context(self, context, page, config, nav):
        # Material's <title> un-escapes a page's title (striptags): a bridge named
        # "</title><script>" would break out. Ladder pages give their title ready-escaped.
        if page.file.src_uri.startswith("ladders/") and page.title:
            page.meta["title"] = page.title
        if page.file.src_uri in self._tools:
            page.meta["ladderkit_search_deferred"] = True  # theme/partials/search.html
        # A PDF that failed is reported by on_post_build, as a PDF failure, not as this page's.
        if self.pdfs and page.file.src_uri == urls.downloads_page():
            if self.serving and self.pdfs.pending():
                self.pdfs.place_ready()  # what the cache has now; the rest says "being updated"
            elif not self.pdfs.finish(report=False):
                return context
            page.markdown = self._downloads()
            page.render(config, self._files)
        return context

    def on_post_page(self, output, page, config):
        if self.direction == "rtl":  # the root too, not only Material's <body dir>: scrollbars, print, CSS on html
            output = output.replace("<html ", '<html dir="rtl" ', 1)
        entry = self._tools.get(page.file.src_uri)
        if entry is None:
            return output
        prefix = get_relative_url(ASSETS, page.url)
        output = with_preloads(output, preload_links(self._modules[entry], prefix))
        return start_before_theme(output, prefix)

    def on_env(self, env, config, files):
        # MkDocs makes a new Jinja environment for every build, so each preview rebuild would
        # parse and compile the theme's templates again (about a tenth of a rebuild). Compiled
        # templates are kept in memory and reused while a template's source is unchanged (Jinja
        # checks its checksum), so the pages are the same as a clean build's.
        if self.serving:
            env.bytecode_cache = _TEMPLATE_CODE
            _remember_search_entries(config.plugins.get("material/search") or config.plugins.get("search"))
        return env

    def on_post_build(self, config):
        if self.pdfs and self.serving and self.pdfs.pending() and self.pdfs.rendering.stores():
            # Pages first: the preview shows the edit now; changed PDFs follow (see _follow_up).
            self.pdfs.publish_pages_first()
            self._follow_up(self.pdfs, self._generation)
        elif self.pdfs:
            self._finish_pdfs()
        if not self.serving:  # the preview's live reload is an inline script of its own
            _write_policy(Path(config.site_dir))
        if self.kept_last_good:
            log.error(NOT_REBUILT)

    def on_build_error(self, error):
        if self.pdfs:
            self.pdfs.close()

    def on_shutdown(self):
        # The preview is stopping: PDF work still under way is for nobody now.
        self._generation += 1
        self.build_language = None  # the language of that one build (build_in_language)
        if self.pdfs:
            self.pdfs.rendering.terminate()

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / self.config.ladders_dir))
        self._server = server
        self._server_ready.set()
        return server

    # --- helpers --------------------------------------------------------------------

    def _start_pdfs(self, config) -> None:
        self._generation += 1
        if self.pdfs:
            # While previewing, renders under way finish into the cache in the background
            # instead of holding up this build's pages.
            self.pdfs.close(wait=not self.serving)
        self.pdfs = None
        if not self.config.pdfs:
            return
        try:
            self.pdfs = site_pdfs.start(
                self.ladders,
                self.brand,
                root=self.root,
                docs_dir=Path(config.docs_dir),
                site_dir=Path(config.site_dir),
                cache_dir=self.root / self.config.cache_dir,
                workers=self.config.pdf_workers or None,
                strict=bool(config.strict),
                language=self.language,
                background=self.serving,
            )
        except UserError as exc:  # a workshop pack or a guide page: every mistake in them, at once
            raise InputErrors(str(exc)) from None

    def _follow_up(self, pdfs, generation: int) -> None:
        """Wait for the PDFs still rendering, then rebuild the preview once more: every PDF
        then comes from the cache, with the downloads page's page counts, and the browser
        reloads. A newer build (another save) makes this one stand down."""

        def run():
            try:
                stored = pdfs.rendering.wait_for_cache()
            except UserError as exc:
                if generation == self._generation:
                    log.error("%s\nladderkit: the preview shows 'being updated' for it until this is fixed.", exc)
                return
            if generation != self._generation:
                return
            if not stored:  # another build would only render them again, and again
                log.warning(
                    "notice: the PDF cache cannot be written, so the preview shows 'being updated' "
                    "for changed PDFs; ladderkit build makes them all"
                )
                return
            self._server_ready.wait()  # the first build runs before the server exists
            log.info("PDFs ready: adding them to the preview.")
            server = self._server
            # LiveReloadServer has no public "rebuild now"; this is what its file watcher does.
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

        threading.Thread(target=run, name="ladderkit-pdfs-follow-up", daemon=True).start()

    def _finish_pdfs(self) -> None:
        if self.pdfs is None:
            return
        try:
            self.pdfs.finish()
        except UserError as exc:
            raise PluginError(str(exc)) from None

    def _add_pdf_files(self, files: Files, config) -> None:
        """Every PDF, so MkDocs checks links to them, then the downloads page (filled in last,
        see on_page_context)."""
        assert self.pdfs is not None  # called only when the build makes PDFs
        for job in self.pdfs.jobs:
            self._add(files, config, job.target, b"", kind=RenderedPdf)
        self._add(files, config, urls.downloads_page(), self._downloads())
        self._files = files

    def _downloads(self) -> str:
        """The downloads page: print hands over its jobs and, once rendered, their sizes."""
        assert self.pdfs is not None  # called only when the build makes PDFs
        pages, sizes, pending = self.pdfs.counts()
        return downloads_markdown(self.pdfs.jobs, pages, sizes, pending=pending, m=self.messages)

    def _playbook_link(self, ladder, bridge) -> str | None:
        if not self.config.pdfs:
            return None
        return site_pdfs.markdown_link(urls.bridge_page(ladder.id, bridge.id), urls.playbook_pdf(ladder.id, bridge.id))

    def _worksheet_links(self, ladder, directory_urls: bool) -> list[tuple[str, str]] | None:
        if not self.config.pdfs:
            return None
        here = urls.audit_page(ladder.id)
        m = self.messages
        return [
            (label, urls.relative(here, urls.worksheet_pdf(ladder.id, fillable), directory_urls))
            for label, fillable in (
                (m.gettext("Printable worksheet (PDF)"), False),
                (m.gettext("Fillable worksheet (PDF)"), True),
            )
        ]

    def _load_inputs(self, root: Path, docs_dir: str | None = None, config_name: str = "mkdocs.yml") -> None:
        """Ladders and brand, every mistake in both reported at once; while serving, bad
        input keeps the last good version."""
        errors = []
        try:
            brand = load_brand(self.config.brand, root, docs_dir, prefix="plugins.ladderkit.brand", file=config_name)
        except UserErrors as exc:
            errors += exc.errors
        try:
            ladders = load_all(ladder_files(root / self.config.ladders_dir))
        except LadderErrors as exc:
            errors += exc.errors
        if not errors:
            self.ladders, self.brand = ladders, brand
            for warning in brand.warnings:  # a strict build stops on these (MkDocs counts warnings)
                log.warning("%s: %s", config_name, warning)
            self._last_good = (self.ladders, self.brand)
            return
        message = str(LadderErrors(errors))
        if self.serving and self._last_good:
            log.error("%s", message)
            self.kept_last_good = True
            self.ladders, self.brand = self._last_good
            return
        raise InputErrors(message)

    def _apply_brand(self, config) -> None:
        # The brand's name is the site's author (<meta name="author">) and, without footer text, the footer.
        # Material prints both unescaped, and brand settings are plain text: escape them here.
        config.site_author = config.site_author or attribute(self.brand.name)
        config.copyright = (
            html(self.brand.footer) if self.brand.footer else config.copyright or f"© {html(self.brand.name)}"
        )
        if self.brand.logo:
            config.theme["logo"] = f"{ASSETS}/logo{Path(self.brand.logo).suffix}"
            config.theme["favicon"] = config.theme["logo"]

    @staticmethod
    def _add_theme_dir(config) -> None:
        """Our template partials (the footer with contact details): after the site's overrides/, before Material."""
        ours = str(resources.files("generator.site") / "theme")
        if ours not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, ours)

    def _apply_language(self, config) -> None:
        """One setting for the interface language: the plugin's `language`, which also becomes
        Material's theme.language (and so the PDFs' language, print/language.py)."""
        try:
            self.language = interface_language(self.config.language, config.theme)
        except UserError as exc:
            raise ConfigurationError(str(exc)) from None
        setting = "ladderkit: language" if self.config.language else "theme.language"
        message = theme_language.missing(self.language, setting, config.theme.dirs)
        if message:
            raise ConfigurationError(message)
        config.theme["language"] = self.language
        self.messages = i18n.messages(self.language)

    def _localise(self, config) -> None:
        """This build's language: the main one, or one of alternate_languages (a build of its
        own into <site>/<lang>/, see commands/build.py). Ladders are shown in it where they
        have a translation, else in their own language with a notice; Material's switcher
        lists every language of the site (site/languages.py)."""
        main = self.language
        alternates = [lang for lang in dict.fromkeys(self.config.alternate_languages) if lang != main]
        self.main_language, self.alternates = main, alternates
        # Each language's build is Material's in that language: a tag it has no words for ("ES",
        # "es-MX") would stop that build deep inside a template, after the main one is made.
        for language in alternates:
            message = theme_language.missing(language, "ladderkit: alternate_languages", config.theme.dirs)
            if message:
                raise ConfigurationError(message)
        current = self.build_language or main
        if current != main:
            self.language = current
            config.theme["language"] = current
            self.messages = i18n.messages(current)
            if config.site_url:
                config.site_url = config.site_url.rstrip("/") + "/" + site_root(current, main)
        self.untranslated = set()
        shown = []
        for ladder in self.ladders:
            localised = in_language(ladder, current, main)
            if localised is None:
                self.untranslated.add(ladder.id)
            shown.append(localised or ladder)
        self.ladders = shown
        if alternates:
            config.extra["alternate"] = switcher(main, alternates, current, config.extra.get("alternate") or ())

    def _overlay_pages(self, files: Files, config) -> None:
        """content/<lang>/X.md is X.md in that language's build; no build publishes
        content/<lang>/ as pages of their own (site/languages.py)."""
        if not self.alternates:
            return
        plan = overlay((f.src_uri for f in files), self.language, self.main_language, self.alternates)
        for src, target in plan.items():
            own = files.get_file_from_path(src)
            if own is None:
                continue
            files.remove(own)
            if target is None:
                continue
            replaced = files.get_file_from_path(target)
            if replaced:
                files.remove(replaced)
            page = File(target, config.docs_dir, config.site_dir, config.use_directory_urls)
            page.abs_src_path = own.abs_src_path
            files.append(page)

    def _untranslated_notice(self) -> str:
        return self.messages.gettext(
            "This ladder has not been translated into this language yet, so it is shown as it was written."
        )

    def _add_assets(self, files: Files, config) -> None:
        package = resources.files("generator.site")
        css = brand_css_variables(self.brand) + font_face_css(self.brand, "fonts")  # relative to brand.css
        self._add(files, config, f"{ASSETS}/brand.css", css)
        self._add(files, config, f"{ASSETS}/ladderkit.css", (package / "assets" / "ladderkit.css").read_bytes())
        for name in ENGINE + SCRIPTS:
            self._add(files, config, f"{ASSETS}/{name}", _script(name))
        self._add(files, config, f"{ASSETS}/messages.mjs", i18n.browser_module(self.language))
        if self.brand.logo:
            logo = resolve_file(self.root, self.brand.logo, config.docs_dir)
            self._add(files, config, config.theme["logo"], logo.read_bytes())
        for _family, path in self.brand.fonts:
            font = resolve_file(self.root, path, config.docs_dir)
            self._add(files, config, f"{ASSETS}/fonts/{Path(path).name}", font.read_bytes())

    @staticmethod
    def _add(files: Files, config, src_uri: str, content, kind: type[File] = File) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing:
            files.remove(existing)
        files.append(kind.generated(config, src_uri, content=content))

    def _add_page(self, files, config, src_uri, markdown) -> None:
        ladder = src_uri.split("/")[1] if src_uri.startswith("ladders/") else ""
        if ladder in self.untranslated:
            markdown = _with_notice(markdown, self._untranslated_notice())
        self._add(files, config, src_uri, markdown)

    def _add_client_pages(self, files, config, directory_urls) -> None:
        """Customer placement for every ladder with a classifier, and the facilitators' group view."""
        for ladder in self.ladders:
            if ladder.classifier:
                self._add_page(
                    files,
                    config,
                    urls.customers_page(ladder.id),
                    render_customers(
                        ladder, directory_urls=directory_urls, playbooks=self.config.pdfs, m=self.messages
                    ),
                )
        if self.ladders:
            self._add_page(
                files,
                config,
                urls.group_page(),
                render_group(self.ladders, directory_urls=directory_urls, m=self.messages),
            )

    def _tool_pages(self) -> dict[str, str]:
        """Each interactive page and the module ladderkit.js loads for it (its PAGES)."""
        tools = {urls.audit_page(ladder.id): "audit.js" for ladder in self.ladders}
        tools |= {urls.customers_page(ladder.id): "customers.js" for ladder in self.ladders if ladder.classifier}
        if self.ladders:
            tools[urls.group_page()] = "group.js"
        return tools

    def _brand_info(self) -> dict:
        """What the audit page's report view and 'Send to my coach' need from the brand."""
        b = self.brand
        return {
            "name": b.name,
            "email": b.contact.email,
            "phone": b.contact.phone,
            "website": b.contact.website,
            "cta_text": b.call_to_action.text,
            "cta_link": b.call_to_action.link,
        }

    def _navigation(self, files: Files) -> list:
        """Home, the ladders (each: overview, rungs, bridges, self-audit), then the coach's pages."""
        nav: list = []
        m = self.messages
        pages = [f.src_uri for f in files.documentation_pages()]
        if "index.md" in pages:
            nav.append({m.gettext("Home"): "index.md"})
        # Material prints navigation titles as HTML, unescaped: ladder text is escaped here.
        nav.append(
            {
                m.gettext("Ladders"): [
                    {
                        html(ladder.title): [
                            {m.gettext("Overview"): urls.ladder_page(ladder.id)},
                            {m.gettext("Self-audit"): urls.audit_page(ladder.id)},
                            *(
                                [{m.gettext("Your customers"): urls.customers_page(ladder.id)}]
                                if ladder.classifier
                                else []
                            ),
                            {m.gettext("Rungs"): urls.rungs_page(ladder.id)},
                            # Bridges sit directly in the ladder's section: a "Bridges" sub-section per
                            # ladder would give several navigation landmarks the same name.
                            *({html(b.name): urls.bridge_page(ladder.id, b.id)} for b in ladder.bridges),
                        ]
                    }
                    for ladder in self.ladders
                ]
            }
        )
        sections: dict[str, list] = {}
        singles = []
        for src in sorted(pages):
            if src == "index.md" or src.startswith("ladders/"):
                continue
            top, _, rest = src.partition("/")
            if rest:
                sections.setdefault(top, []).append(src)
            else:
                singles.append(src)
        names = {
            "coaches": m.gettext("For coaches"),
            "workshops": m.gettext("Workshops"),
            "internal": m.gettext("Internal customers"),
        }

        def section(top: str) -> dict:
            srcs = sections[top]
            index = [s for s in srcs if s.endswith("/index.md")]
            return {names.get(top, top.replace("-", " ").capitalize()): index + [s for s in srcs if s not in index]}

        nav += [section(top) for top in sections if top not in COACH_SECTIONS]
        nav.extend(singles)
        # The coaches' guide and the format reference come last, out of the clients' way.
        nav += [section(top) for top in COACH_SECTIONS if top in sections]
        return nav


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates, kept for the life of the preview process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])  # ignored unless the checksum matches

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _MemoryBytecodeCache()


_SEARCH_ENTRIES: dict[tuple, list] = {}  # a page's state → the search entries it made, last build


def _remember_search_entries(search: object) -> None:
    """While previewing, a page that is the same as in the last build (same address, title,
    settings, headings and HTML) adds the search entries it added then, instead of Material's
    search parsing its HTML again (a tenth of a rebuild). The index is the same either way."""
    index: Any = getattr(search, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if add is None or not isinstance(getattr(index, "entries", None), list) or hasattr(add, "remembered"):
        return  # another search plugin, or a Material whose index works differently: leave it be
    previous, current = dict(_SEARCH_ENTRIES), _SEARCH_ENTRIES
    current.clear()

    def remembered(page):
        key = (page.url, page.title, repr(page.meta), _toc_key(page.toc), page.content)
        before = len(index.entries)
        if key in previous:
            index.entries.extend(copy.deepcopy(previous[key]))
        else:
            add(page)
        current[key] = copy.deepcopy(index.entries[before:])

    remembered.remembered = True  # type: ignore[attr-defined]
    index.add_entry_from_context = remembered


def _toc_key(items) -> tuple:
    return tuple((item.title, item.url, item.level, _toc_key(item.children)) for item in items or ())


def _script(name: str) -> bytes:
    """One of the browser's modules, from generator/scoring/ (the engine) or site/assets/."""
    folder = resources.files("generator.scoring") if name in ENGINE else resources.files("generator.site") / "assets"
    return (folder / name).read_bytes()


def _with_notice(markdown: str, notice: str) -> str:
    """A ladder page shown in its own language on another language's site: the notice
    under the page's title (the first line, `# …`), so the title stays the page's title."""
    title, newline, rest = markdown.partition("\n")
    box = f'<p class="lk-untranslated admonition note">{html(notice)}</p>\n'
    if title.startswith("# "):
        return f"{title}{newline}\n{box}{rest}"
    return box + "\n" + markdown


def build_in_language(config, language: str | None) -> None:
    """Make this loaded configuration build the site's `language` (one of alternate_languages;
    None: the main language); `ladderkit build` sets it before each build. MkDocs hands the
    same plugin instance to every configuration loaded in one process, so it is set each time."""
    plugin = config.plugins.get("ladderkit")
    if plugin is not None:
        plugin.build_language = language


def alternate_languages(config) -> list[str]:
    """The further languages a loaded configuration publishes, each a build of its own."""
    plugin = config.plugins.get("ladderkit")
    if plugin is None:
        return []
    main = interface_language(plugin.config.language, config.theme)
    return [lang for lang in dict.fromkeys(plugin.config.alternate_languages) if lang != main]


def _write_policy(site_dir: Path) -> None:
    """One Content-Security-Policy (see csp.py) into every built page, 404.html included."""
    pages = {path: path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html")}
    content = csp.policy(set().union(*map(csp.theme_script_hashes, pages.values())))
    for path, page in pages.items():
        path.write_text(csp.with_meta(page, content), encoding="utf-8")


def _refuse_replaced(coach_files: dict, files: Files, docs_name: str) -> None:
    """A coach's own file published where a generated one goes would disappear without a word."""
    for f in files:
        mine = coach_files.get(f.dest_uri)
        if f.generated_by and mine is not None:
            ladder = f.src_uri.split("/")[1] if f.src_uri.startswith("ladders/") else ""
            whose = f"the page ladderkit makes for ladder '{ladder}'" if ladder else "a file ladderkit makes"
            raise PluginError(
                f"{docs_name}/{mine.src_uri}: {whose} ({f.src_uri}) is published at the same place, "
                f"{f.dest_uri}, and would replace it; rename or move your page"
            )


def _display(config_file: str | None) -> str:
    """mkdocs.yml as the person typed it: relative to the working folder when inside it."""
    import os

    if not config_file:
        return "mkdocs.yml"
    relative = os.path.relpath(config_file)
    return config_file if relative.startswith("..") else relative


def _checked_options(options) -> dict:
    """The plugin's own options: known keys with the right types, brand settings included."""
    options = options or {}
    c = Checker()
    OPTIONS.check(c, options, ("plugins", "ladderkit"))
    if c.errors:
        raise UserErrors(c.errors)
    # A folder named by a number (ladders_dir: 2026) is text, as it would be in a ladder.
    return {k: str(v) if isinstance(OPTIONS.keys[k].node, Text) else v for k, v in options.items()}
