"""kehoach — kế hoạch của UBND xã dưới dạng văn bản thuần trong git."""

__version__ = "0.1.0"
