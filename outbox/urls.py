from django.urls import path

from outbox import views

urlpatterns = [
    path("kansli/utskick/", views.problems, name="outbox_problems"),
    path("kansli/utskick/igen/", views.retry_all, name="outbox_retry_all"),
    path("kansli/utskick/<int:pk>/igen/", views.retry, name="outbox_retry"),
]
