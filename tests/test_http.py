"""HTTP: pages through Django's test client."""

from __future__ import annotations


def test_home_serves_the_table_of_contents(client, index_dir):
    response = client.get("/")
    assert response.status_code == 200
    assert "2023 人工智能发展白皮书" in response.content.decode()
