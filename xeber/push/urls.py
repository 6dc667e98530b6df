from django.urls import path

from xeber.push import views

app_name = "push"
urlpatterns = [
    path("push/subscribe", views.subscribe, name="subscribe"),
    path("push/unsubscribe", views.unsubscribe, name="unsubscribe"),
    path("push-worker.js", views.worker, name="worker"),
]
