"""The packaged programme catalogues, indexed by the headings they print, so a document's "Dự án 6:
Truyền thông và giảm nghèo về thông tin" is found as DA6."""

from __future__ import annotations

from kehoach.docximport.ids import ascii_words


class Catalogues:
    """The packaged programme catalogues, indexed by the headings they print."""

    def __init__(self) -> None:
        from kehoach.catalogue import load_catalogue, packaged_names

        self.by_heading: dict[str, list[tuple[str, str]]] = {}
        self.by_label: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.catalogues = {}
        for name in packaged_names():
            catalogue = load_catalogue(name)
            self.catalogues[catalogue.id] = catalogue
            for code, project in catalogue.projects.items():
                found = (catalogue.id, code)
                short = f"{project.label(catalogue)}: {project.title}"
                self.by_heading.setdefault(heading_key(catalogue.heading(code)), []).append(found)
                self.by_heading.setdefault(heading_key(short), []).append(found)
                self.by_label.setdefault((heading_key(short), project.parent or ""), []).append(found)


def heading_key(text: str) -> str:
    return " ".join(ascii_words(text))
