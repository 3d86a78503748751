import pytest


def test_robots_txt_names_both_sitemaps_and_does_not_advertise_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "admin" not in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_robots_txt_uses_the_requests_scheme_and_host(client):
    response = client.get("/robots.txt", secure=True, headers={"host": "localhost"})

    assert "Sitemap: https://localhost/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_admin_pages_tell_crawlers_not_to_index_them(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
