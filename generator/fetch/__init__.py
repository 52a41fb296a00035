"""hubgen fetch: download a paper and its citing papers from Semantic Scholar or OpenAlex."""
