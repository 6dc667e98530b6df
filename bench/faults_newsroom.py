"""The newsroom side of bench/faults.py, run in the app's environment:

python bench/faults_newsroom.py urls             # prints the pages to load
python bench/faults_newsroom.py publish SECONDS  # one article every 5 s; prints how many
"""

from __future__ import annotations

import os
import sys
import time

import django


def urls() -> None:
    from django.utils import timezone

    from xeber.news.demo import demo_rates
    from xeber.news.models import Article, Section

    demo_rates(timezone.localdate())
    article = Article.objects.published().filter(edition="ru").order_by("-published_at")[10]
    section = Section.objects.filter(edition="ru").first()
    print(article.get_absolute_url(), section.get_absolute_url())


def publish(seconds: float) -> None:
    from django.utils import timezone

    from xeber.news.models import Article

    model = Article.objects.published().filter(edition="ru").latest("published_at")
    end, count = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        count += 1
        Article.objects.create(
            edition="ru",
            section_id=model.section_id,
            status=Article.Status.PUBLISHED,
            title=f"Новость под нагрузкой {count}",
            slug=f"pod-nagruzkoy-{count}",
            lead=model.lead,
            body=model.body,
            published_at=timezone.now(),
        )
        time.sleep(5)
    print(count)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeber.settings")
    django.setup()
    if sys.argv[1] == "urls":
        urls()
    else:
        publish(float(sys.argv[2]))
