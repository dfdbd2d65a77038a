"""``rivalwatch add URL``: from a store's home page to a validated store YAML and a preview.

``fetcher`` fetches politely and safely (robots.txt, a User-Agent with the operator's contact, a
request budget, the SSRF guard of ``core.safe_fetch``); ``discover`` finds the platform,
sitemaps, the category tree with its pagination and the policy / contact pages; ``yaml_writer``
writes the commented YAML and validates it; ``report`` previews what a crawl of it would read.
"""
