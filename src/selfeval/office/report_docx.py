"""The whole report as a Word document (.docx), from the executed notebooks the PDF uses.

Laid out as the PDF: the cover (as the PDF's, with 编制单位 and 编制日期), a 目录 (a TOC field
that Word and WPS fill in when the file is opened: ``w:updateFields`` in settings.xml), then the
chapters running on one after the other, a new page only where the orientation changes (the
自评表 on a landscape page). Headings 一、/（一）/1. are Word heading styles (navigation pane and
目录); body text is justified (两端对齐) with a two-character first-line indent; the book's
tables are Word tables (merged cells kept, heading rows repeated, figures right-aligned, 小计 and
总分 rows bold); charts are PNG images at 300 dpi (vl-convert renders the chart's SVG); the
自评表 comes from the form's layout model (the same cells as the book and the .xlsx) with its
sign-off row. Pages carry the report's title as a running header and "— 1 —" page numbers from
the first chapter on; the cover and the 目录 are unnumbered and not counted, as in the PDF.

Fonts are named for both Word and WPS: every style and run sets the east-Asian font
(``w:eastAsia``: 仿宋 for text, 黑体/楷体 for headings, 宋体 in tables) besides the Latin one,
and the theme fonts of python-docx's template are removed so they cannot override them.
The file is deterministic: document properties are fixed and the zip is normalised.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..evaluation.results import Evaluation
from ..presentation import chart_images, narrate
from ..presentation.book_pages import cover
from ..presentation.form import FormGrid, form_grid
from .blocks import Block, Chart, FormBlock, Heading, Paragraph, Run, Table, blocks_of, notebook_blocks
from .form_columns import widened
from .package import document_date, normalize_zip

__all__ = ["FONTS", "draw_charts", "write_report_docx"]

LATIN = "Times New Roman"
FONTS = {"body": "仿宋", "h1": "黑体", "h2": "楷体", "h3": "仿宋", "table": "宋体", "title": "宋体"}
BODY_PT, TABLE_PT, FORM_PT = 12, 10.5, 8
CHART_DPI = 300
TEXT_WIDTH_CM = 15.6  # A4 portrait with the margins below
FORM_WIDTHS = (2.0, 1.6, 1.6, 3.5, 1.9, 2.2, 1.7, 1.6, 10.8)  # cm: landscape A4 less 1.4 cm margins


def write_report_docx(ev: Evaluation, executed_notebooks: Iterable[Path | str], target: Path | str) -> Path:
    """Write the report of ``ev`` to ``target`` from the executed notebooks, in book order; the
    same inputs give the same bytes."""

    target = Path(target)
    chapters = blocks_of(Path(p) for p in executed_notebooks)
    doc = Document()
    _styles(doc)
    _page(doc.sections[0], landscape=False)
    _cover(doc, ev)  # the cover's and the 目录's sections define no header or footer: unnumbered
    _new_section(doc, landscape=False)
    _toc(doc, [b for blocks in chapters for b in blocks if isinstance(b, Heading) and b.level <= 2])
    grid = form_grid(ev)
    title = narrate.report_title(ev)
    section, landscape, after_table = None, False, False
    for blocks in chapters:
        is_form = any(isinstance(b, FormBlock) for b in blocks)
        if section is None or is_form != landscape:  # a new page only where the orientation changes
            landscape = is_form
            section = _new_section(doc, landscape, first_page=1 if section is None else None)
            _header(section, "" if landscape else title)  # the landscape 自评表 has no running title, as in the PDF
            _footer(section)
            after_table = False
        for block in blocks:
            after_table = _block(doc, block, grid, landscape, after_table)
    _properties(doc, ev)
    _drop_thumbnail(doc)
    _update_fields_on_open(doc)
    doc.save(str(target))
    normalize_zip(target)
    return target


# --------------------------------------------------------------------------- fonts and styles


def _qn(tag: str) -> str:

    return qn(tag)


def _set_fonts(rpr_owner: Any, east: str, latin: str = LATIN) -> None:
    """Name the Latin and the east-Asian font on a style or run (WPS and Word read w:eastAsia for CJK)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attr), None)
    fonts.set(_qn("w:ascii"), latin)
    fonts.set(_qn("w:hAnsi"), latin)
    fonts.set(_qn("w:cs"), latin)
    fonts.set(_qn("w:eastAsia"), east)


def _styles(doc: Any) -> None:
    """Every style the report uses, named in real fonts for Word and WPS."""
    _document_defaults(doc)
    _no_theme_fonts(doc)
    _body_style(doc)
    _heading_styles(doc)
    _title_style(doc)
    _caption_style(doc)
    _toc_styles(doc)


def _document_defaults(doc: Any) -> None:
    """The document defaults: real fonts instead of the theme's, Chinese for east-Asian text."""
    rpr = doc.styles.element.find(f"{_qn('w:docDefaults')}/{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
    if rpr is None:
        return
    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    new = OxmlElement("w:rFonts")
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:cs", LATIN), ("w:eastAsia", FONTS["body"])):
        new.set(_qn(attr), value)
    rpr.insert(0, new)
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:val"), "en-US")
    lang.set(_qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(_qn("w:themeFontLang"))  # python-docx's template says ja-JP
    if theme_lang is not None:
        theme_lang.set(_qn("w:eastAsia"), "zh-CN")


THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _no_theme_fonts(doc: Any) -> None:
    """Any style of the template may name theme fonts (minorEastAsia …), which WPS and Word resolve
    to the theme's, not a Chinese one: name real fonts everywhere instead."""
    for fonts in doc.styles.element.iter(_qn("w:rFonts")):
        themed = any(fonts.get(_qn(a)) is not None for a in THEME_ATTRS)
        for attr in THEME_ATTRS:
            fonts.attrib.pop(_qn(attr), None)
        if themed:
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(_qn(attr), fonts.get(_qn(attr)) or LATIN)
            fonts.set(_qn("w:eastAsia"), fonts.get(_qn("w:eastAsia")) or FONTS["h1"])


def _body_style(doc: Any) -> None:
    """Normal: 仿宋, 1.5 lines, justified (两端对齐) as official documents are."""
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element, FONTS["body"])
    pf = normal.paragraph_format
    pf.line_spacing = 1.5
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _heading_styles(doc: Any) -> None:
    """一、 黑体 16 pt, （一） 楷体 14 pt, 1. 仿宋 12 pt bold; black, kept with what follows."""
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = level != 2
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, FONTS[f"h{level}"])
        pf = style.paragraph_format
        pf.space_before = Pt(12 if level == 1 else 6)
        pf.space_after = Pt(6 if level == 1 else 3)
        pf.line_spacing = 1.5
        pf.keep_with_next = True
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT


def _title_style(doc: Any) -> None:
    title = doc.styles["Title"]
    title.font.size = Pt(22)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(title.element, FONTS["title"])
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # python-docx's Title style draws a blue rule under the title: not in a government report
    ppr = title.element.find(_qn("w:pPr"))
    border = ppr.find(_qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)


def _caption_style(doc: Any) -> None:
    caption = doc.styles["Caption"]
    caption.font.size = Pt(TABLE_PT)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(caption.element, FONTS["table"])
    pf = caption.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.keep_with_next = True
    pf.space_before = Pt(6)


def _toc_styles(doc: Any) -> None:
    """toc 1 / toc 2 (Word's own names, so Word and WPS use them when they fill in the 目录)."""
    for level in (1, 2):
        style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(BODY_PT if level == 1 else TABLE_PT)
        _set_fonts(style.element, FONTS["h1"] if level == 1 else FONTS["body"])
        pf = style.paragraph_format
        pf.left_indent = Pt(0 if level == 1 else BODY_PT * 2)
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _run(paragraph: Any, text: str, *, east: str = "", size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> Any:

    run = paragraph.add_run(text)
    if east:
        _set_fonts(run._r, east)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


# --------------------------------------------------------------------------- page layout


def _page(section: Any, landscape: bool) -> None:

    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:  # the 自评表: as much room as a printer allows, so it fits one page
        section.top_margin, section.bottom_margin = Cm(1.0), Cm(1.2)
        section.left_margin = section.right_margin = Cm(1.4)
        section.header_distance = Cm(0.5)
        section.footer_distance = Cm(0.5)
    else:
        section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.footer_distance = Cm(1.2)


def _new_section(doc: Any, landscape: bool, first_page: int | None = None) -> Any:
    """A new section on a new page; ``first_page`` restarts the page numbers there."""

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape)
    pg = section._sectPr.find(_qn("w:pgNumType"))  # a new section copies the previous one's
    if first_page is not None:
        if pg is None:
            pg = OxmlElement("w:pgNumType")
            section._sectPr.append(pg)
        pg.set(_qn("w:start"), str(first_page))
    elif pg is not None:
        pg.attrib.pop(_qn("w:start"), None)
    return section


def _clear(paragraph: Any) -> None:
    for child in list(paragraph._p):
        if child.tag != _qn("w:pPr"):
            paragraph._p.remove(child)


def _header(section: Any, title: str) -> None:
    """The report's title at the top right of every page (as the PDF's running title); '' for none."""
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _clear(p)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if title:
        run = _run(p, title, east=FONTS["body"], size=9)
        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    else:  # an empty header one point high, inside the top margin: it must not push the 自评表 down
        p.paragraph_format.line_spacing = Pt(1)


def _footer(section: Any) -> None:
    """— PAGE — centred in the footer (a PAGE field, so Word and WPS number the pages)."""

    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    _clear(p)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", east=FONTS["body"], size=10.5)
    field = OxmlElement("w:fldSimple")
    field.set(_qn("w:instr"), " PAGE ")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    p._p.append(field)
    _run(p, " —", east=FONTS["body"], size=10.5)


TOC_PROMPT = "（目录在打开文件时自动更新；如未更新，请右键单击目录，选择“更新域”。）"


def _toc(doc: Any, headings: list[Heading]) -> None:
    """目录: a TOC field over heading levels 1–2 with links, marked dirty so that Word and WPS fill in
    the page numbers when the file is opened; until then it lists the headings it will hold."""
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _run(title, "目　录", east=FONTS["h1"], size=16, bold=True)
    entries = headings or [Heading(1, TOC_PROMPT)]
    for n, heading in enumerate(entries):
        p = doc.add_paragraph(style=f"toc {heading.level}")
        if n == 0:
            _field_char(p, "begin", dirty=True)
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = r' TOC \o "1-2" \h \z \u '
            run = OxmlElement("w:r")
            run.append(instr)
            p._p.append(run)
            _field_char(p, "separate")
        p.add_run(heading.text)
        if n == len(entries) - 1:
            _field_char(p, "end")


def _field_char(paragraph: Any, kind: str, dirty: bool = False) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(_qn("w:fldCharType"), kind)
    if dirty:
        char.set(_qn("w:dirty"), "true")
    run.append(char)
    paragraph._p.append(run)


# the elements that follow w:updateFields in settings.xml (CT_Settings is a sequence: Word refuses
# a file whose settings are out of order)
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang")


def _update_fields_on_open(doc: Any) -> None:
    """settings.xml w:updateFields: Word and WPS update the fields (the 目录's page numbers) on opening."""
    settings = doc.settings.element
    update = settings.find(_qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        later = next((child for child in settings if child.tag in {_qn(f"w:{t}") for t in _AFTER_UPDATE_FIELDS}), None)
        if later is not None:
            later.addprevious(update)
        else:
            settings.append(update)
    update.set(_qn("w:val"), "true")


def _drop_thumbnail(doc: Any) -> None:
    """python-docx's template carries a blank docProps/thumbnail.jpeg, which file previews would show."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rid)


def _cover(doc: Any, ev: Evaluation) -> None:
    """The PDF's cover (:func:`~selfeval.presentation.book_pages.cover`): title, key figures, 编制单位, 编制日期."""
    c = cover(ev)

    def centred(text: str, size: float, east: str, bold: bool = False, before: float = 0, after: float = 0) -> Any:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(before)
        p.paragraph_format.space_after = Pt(after)
        _run(p, text, east=east, size=size, bold=bold)
        return p

    centred("项目支出绩效自评报告", 16, FONTS["h1"], before=100, after=24)
    for line in c.title_lines:
        p = doc.add_paragraph(style="Title")
        p.paragraph_format.space_after = Pt(6)
        _run(p, line, east=FONTS["title"])
    centred(f"（{c.year}年度）", 16, FONTS["body"], before=12, after=48)
    rows = [*c.rows, ("自评总分", c.score_line), ("", ""), ("编制单位", c.prepared_by), ("编制日期", c.date)]
    table = doc.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if label:
            _run(cells[0].paragraphs[0], label + "：", east=FONTS["h1"], size=14)
            _run(cells[1].paragraphs[0], value, east=FONTS["body"], size=14)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def _properties(doc: Any, ev: Evaluation) -> None:
    props = doc.core_properties
    when = document_date(ev)
    # Word's core properties hold at most 255 characters (python-docx refuses more); a long but
    # valid name is shortened there, never in the document itself
    props.title = _property(narrate.report_title(ev))
    props.subject = "项目支出绩效自评报告"
    props.author = _property(ev.data.project.implementer)
    props.last_modified_by = _property(ev.data.project.implementer)
    props.created = when
    props.modified = when
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "zh-CN"


PROPERTY_LIMIT = 255


def _property(text: str) -> str:
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


# --------------------------------------------------------------------------- blocks


def _block(doc: Any, block: Block, grid: FormGrid, landscape: bool, after_table: bool) -> bool:
    """Write one block; returns whether it ended with a table (the next block then keeps a gap
    above itself: Word has no space after a table, and an empty spacer paragraph is work to delete)."""
    if isinstance(block, Heading):
        if landscape and block.level == 1:
            _form_title(doc, grid)
        else:
            doc.add_heading(level=block.level).add_run(block.text)
        return False
    if isinstance(block, Paragraph):
        _gap(_paragraph(doc, block), after_table)
        return False
    if isinstance(block, Table):
        if after_table and not block.caption:  # two tables with nothing between would join into one
            doc.add_paragraph().paragraph_format.space_before = Pt(6)
        _table(doc, block)
        return True
    if isinstance(block, Chart):
        _gap(_chart(doc, block), after_table)
        return False
    _form(doc, grid)
    return False


def _gap(paragraph: Any, after_table: bool) -> None:
    if after_table:
        paragraph.paragraph_format.space_before = Pt(6)


def _paragraph(doc: Any, block: Paragraph) -> Any:

    p = doc.add_paragraph()
    if block.indent:
        p.paragraph_format.left_indent = Pt(BODY_PT * 2 * block.indent)
    else:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)  # 首行缩进两字
    runs = list(block.runs)
    if runs and not runs[0].line_break:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic, runs[0].code)
    for r in runs:
        if r.line_break:
            p.add_run().add_break()
            continue
        run = p.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.code:
            _set_fonts(run._r, FONTS["table"], "Consolas")
    return p


def _table(doc: Any, block: Table) -> None:

    if block.caption:
        doc.add_paragraph(block.caption, style="Caption")
    width = max((sum(c.colspan for c in row) for row in block.rows[:1]), default=1)
    table = doc.add_table(rows=len(block.rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    placed = _place([[(c.text, c.colspan, c.rowspan, c) for c in row] for row in block.rows], width)
    _set_widths(table, _content_widths(placed, width, TEXT_WIDTH_CM))
    grid = _grid(table)
    for r, c, r2, c2, cell in placed:
        target = grid[r][c]
        if (r2, c2) != (r, c):
            target = target.merge(grid[r2][c2])
        # figures right-aligned (as in the book), headings and short texts centred, long texts left
        if cell.align == "num" and c > 0:
            align = WD_ALIGN_PARAGRAPH.RIGHT
        elif cell.header or cell.align == "num" or len(cell.text) <= 12:
            align = WD_ALIGN_PARAGRAPH.CENTER
        else:
            align = WD_ALIGN_PARAGRAPH.LEFT
        _cell_text(target, cell.text, size=TABLE_PT, bold=cell.header or cell.bold, align=align)
    for n, row in enumerate(table.rows):
        if n < block.head_rows:
            _repeat_header(row)
        _keep_row(row)


def _grid(table: Any) -> list[list[Any]]:
    """A new table's cells by row and column, taken once before any merge. python-docx's
    ``table.cell(r, c)`` walks the whole table at every call (0.3 s of the report's 0.7 s, for the
    form's 324 cells); the rectangles merged here never overlap, so the corner cells of each are
    still the table's own when it is merged."""
    return [row.cells for row in table.rows]


def _content_widths(placed: list[tuple], width: int, total_cm: float) -> list[float]:
    """Column widths (cm) that share ``total_cm`` by the longest line each column holds (single-column
    cells only), a short column never below 1.4 cm: what Word's autofit would do, fixed so every
    reader (Word, WPS, LibreOffice) lays the table out alike."""
    longest = [2.0] * width
    for _r, c, _r2, c2, cell in placed:
        if c == c2:
            line = max((len(part) for part in cell.text.split("\n")), default=0)
            longest[c] = max(longest[c], min(float(line), 40.0))
    need = [n * 0.42 + 0.4 for n in longest]  # 10.5-point CJK characters and cell padding
    if sum(need) <= total_cm:
        return need
    floor = 1.4
    spare = total_cm - floor * width
    extra = [max(n - floor, 0.0) for n in need]
    return [floor + spare * e / sum(extra) if sum(extra) else total_cm / width for e in extra]


def _set_widths(table: Any, widths_cm: list[float]) -> None:
    """Fix column widths in the grid and in every cell (Word reads the cells, LibreOffice the grid)."""

    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(_qn("w:gridCol")), widths_cm):
        col.set(_qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[c])


def _place(rows: list[list[tuple]], width: int) -> list[tuple]:
    """HTML table layout: each cell's (first row, first col, last row, last col, payload)."""
    covered: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for _text, colspan, rowspan, payload in row:
            while (r, c) in covered:
                c += 1
            last_r, last_c = r + rowspan - 1, min(c + colspan - 1, width - 1)
            out.append((r, c, min(last_r, len(rows) - 1), last_c, payload))
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            c += colspan
    return out


def _cell_text(
    cell: Any, text: str, *, size: float, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER, east: str = FONTS["table"], spacing: float = 1.15
) -> None:

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraphs = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for n, line in enumerate(paragraphs):
        p = first if n == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing = spacing
        if line:
            _run(p, line, east=east, size=size, bold=bold or None)


def _row_flag(row: Any, tag: str) -> None:

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(_qn("w:val"), "true")
    tr_pr.append(el)


def _repeat_header(row: Any) -> None:
    """The row repeats at the top of every page the table continues on."""
    _row_flag(row, "w:tblHeader")


def _keep_row(row: Any) -> None:
    """A row is not split across pages."""
    _row_flag(row, "w:cantSplit")


def chart_picture(svg: str) -> tuple[bytes, float]:
    """The chart's SVG as a PNG at 300 dpi, as wide as drawn (at 96 px an inch) but within the
    text width: (PNG, width in cm). Drawn once per chart and size while the build's chart cache holds it."""
    width_px = _svg_width(svg)
    width_cm = min(width_px / 96 * 2.54, TEXT_WIDTH_CM)
    # vl-convert draws an SVG unit as ppi/72 pixels, times scale: width_cm at CHART_DPI pixels an inch
    scale = (width_cm / 2.54 * 72) / width_px
    return chart_images.png(svg, scale, CHART_DPI), width_cm


def draw_charts(executed_notebook: Path) -> None:
    """Draw one chapter's chart pictures ahead, into the build's chart cache: the build calls this
    as each chapter is executed, so that writing the report later finds them drawn."""
    for block in notebook_blocks(executed_notebook):
        if isinstance(block, Chart):
            chart_picture(block.svg)


def _chart(doc: Any, block: Chart) -> Any:
    png, width_cm = chart_picture(block.svg)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    return p


def _svg_width(svg: str) -> float:
    m = re.search(r"<svg[^>]*?\swidth=\"([\d.]+)", svg)
    if m:
        return float(m.group(1))
    m = re.search(r"viewBox=\"[\d.\-]+ [\d.\-]+ ([\d.]+) ", svg)
    return float(m.group(1)) if m else 600.0


# --------------------------------------------------------------------------- the 自评表


def _form_title(doc: Any, grid: FormGrid) -> None:

    p = doc.add_heading(level=1)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = p.paragraph_format.space_after = 0
    p.paragraph_format.line_spacing = 1.0
    p.add_run(grid.title)
    for text, size, align in ((grid.year_label, 11, WD_ALIGN_PARAGRAPH.CENTER), (grid.unit_label, 10, WD_ALIGN_PARAGRAPH.RIGHT)):
        line = doc.add_paragraph()
        line.alignment = align
        line.paragraph_format.line_spacing = 1.0
        line.paragraph_format.space_before = Pt(2)
        _run(line, text, east=FONTS["body"], size=size)


FORM_TEXT_FLOOR_CM = 8.0  # the last column (偏差原因分析及改进措施, 得分, the targets' texts) keeps at least this
CELL_PADDING_CM = 0.6  # Word's left and right cell margins (0.19 cm each) and some to spare


def _line_cm(text: str, points: float) -> float:
    """The width of one line of the form's text at ``points``, on the safe side of the fonts a reader
    may substitute (LibreOffice broke 100.00% in a 1.6 cm column): a Chinese character an em, a digit
    0.6, a comma or a point 0.3, a per cent sign or anything else an em."""
    em = points / 72 * 2.54
    return em * sum(0.6 if ch.isdigit() else 0.3 if ch in ",." else 1.0 for ch in text)


def form_widths(grid: FormGrid) -> list[float]:
    """FORM_WIDTHS (the official form's) widened to the figures (:mod:`.form_columns`): 100.00% and
    500,000.00 broke across two lines at 8 points."""
    return widened(grid, FORM_WIDTHS, lambda text: round(_line_cm(text, FORM_PT) + CELL_PADDING_CM, 2), FORM_TEXT_FLOOR_CM)


def _form(doc: Any, grid: FormGrid) -> None:
    """The form as one Word table on the 9-column grid, merged as :meth:`FormGrid.sheet_cells`."""

    rows = len(grid.rows())
    table = doc.add_table(rows=rows, cols=len(FORM_WIDTHS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, form_widths(grid))
    cells = _grid(table)
    for p in grid.sheet_cells():
        cell = cells[p.row][p.col]
        if (p.last_row, p.last_col) != (p.row, p.col):
            cell = cell.merge(cells[p.last_row][p.last_col])
        c = p.cell
        align = WD_ALIGN_PARAGRAPH.LEFT if c.kind == "text" else WD_ALIGN_PARAGRAPH.CENTER
        _cell_text(cell, c.text, size=FORM_PT, bold=c.kind in ("label", "total"), align=align, spacing=1.0)
    # 存在问题, 改进措施, 总分 and the sign-off row stay with the last indicator: 总分 is never alone on a page
    for row in table.rows[rows - 4 :]:
        _keep_row(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    if grid.sign_off:
        sign = doc.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.LEFT
        sign.paragraph_format.first_line_indent = Pt(0)
        sign.paragraph_format.space_before = Pt(4)
        sign.paragraph_format.line_spacing = 1.0
        _run(sign, grid.sign_off_text("　　　　"), east=FONTS["body"], size=FORM_PT + 1)
