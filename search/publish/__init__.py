"""What leaves the site, beside ``query``: citations, table and policy exports, the policy
timeline's layout — pure functions over the document model."""
