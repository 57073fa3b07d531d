"""`exact-WxH`: the rendition at exactly this size, enlarging it if the source was too small.

Wagtail's `fill` never enlarges, so a landscape source gives a story crop smaller than
1080 × 1920; the networks expect the exact size.
"""

from wagtail.images.image_operations import FilterOperation


class ExactSizeOperation(FilterOperation):
    def construct(self, size):
        width, height = size.split("x")
        self.width = int(width)
        self.height = int(height)
        if not (0 < self.width <= 5000 and 0 < self.height <= 5000):
            raise ValueError("exact size out of range")

    def run(self, willow, image, env):
        if willow.get_size() != (self.width, self.height):
            willow = willow.resize((self.width, self.height))
        return willow
