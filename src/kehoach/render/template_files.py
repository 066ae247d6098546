"""Reading a user's template files as plan files are read: a regular file (a FIFO, a device or a
socket where a template should be is refused, never waited on, never skipped for the packaged
one), at most MAX_TEMPLATE_BYTES."""

from __future__ import annotations

import os
import posixpath
import stat
from typing import Any

import jinja2
from jinja2.exceptions import TemplateNotFound
from jinja2.loaders import split_template_path

from kehoach.render.bounds import MAX_TEMPLATE_BYTES, TemplateRefused


class BoundedLoader(jinja2.FileSystemLoader):
    """FileSystemLoader that reads only regular files of at most MAX_TEMPLATE_BYTES, and never
    waits on one (a FIFO where a template should be is refused, not skipped or read)."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            try:
                fd = os.open(filename, flags)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                raise TemplateRefused(template, f"không mở được ({exc.strerror or exc})") from None
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if stat.S_ISDIR(info.st_mode):
                    continue
                if not stat.S_ISREG(info.st_mode):
                    raise TemplateRefused(template, "không phải tệp thường (thiết bị, ống FIFO, socket)")
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
            if len(data) > MAX_TEMPLATE_BYTES:
                raise TemplateRefused(template, f"lớn hơn {MAX_TEMPLATE_BYTES // 1024 // 1024} MB")
            mtime = info.st_mtime

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return data.decode(self.encoding), os.path.normpath(filename), uptodate
        raise TemplateNotFound(template)
