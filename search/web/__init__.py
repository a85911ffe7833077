"""The top floor, the Django side: views, pages, forms, links, the JSON API, rendering,
labels, middleware, the served index and the URL map. Imports any floor below it."""
