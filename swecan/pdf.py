"""HTML to PDF/A with WeasyPrint; called from Celery tasks, never in a request."""

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, *, tagged: bool = False) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    # PDF/A-3b: self-contained (fonts embedded) for the archive; `tagged` adds the structure
    # tree (headings, tables, lists) that screen readers follow, as far as WeasyPrint makes it.
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b", uncompressed_pdf=False, pdf_tags=tagged)
