"""One colour-blind-safe palette (Okabe-Ito) used by every chart, so Korea is always the same colour."""

from __future__ import annotations

KOREA_COLOUR = "#D55E00"  # vermillion: Korea on every chart
OECD_AVERAGE_COLOUR = "#555555"  # neutral grey, drawn dashed
FEMALE_COLOUR = "#CC79A7"  # reddish purple
MALE_COLOUR = "#0072B2"  # blue
CLAIM_COLOUR = "#009E73"  # bluish green: the article's claimed figure
OTHER_COLOURS = ["#0072B2", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000"]
MUTED_COLOUR = "#B8B8B8"  # comparison countries in rankings
NO_DATA_COLOUR = "#BDBDBD"  # maps: a group member with no figure that year (its own legend entry)
OUTSIDE_GROUP_COLOUR = "#EFEFEF"  # maps: land outside the group being ranked
