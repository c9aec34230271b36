"""The portal: a province's or city's site that federates county sites (``zwgk portal``).

It reads each member's published data (``/data/*.json``) and search bundle, locally or over
HTTP, and writes a static site of its own: one search over all members (pagefind's
mergeIndex), a comparison of their compliance figures, their latest policies and a combined
catalogue index. A member that cannot be read is shown as 暂不可用 with the reason.
"""
