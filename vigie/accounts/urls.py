from django.urls import path

from vigie.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.my_account, name="me"),
    path("me/password/", views.password_change, name="password-change"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", views.agency_create, name="agency-create"),
    path("agencies/<int:agency_id>/edit/", views.agency_edit, name="agency-edit"),
    path("agencies/<int:agency_id>/members/", views.members, name="members"),
    path("agencies/<int:agency_id>/members/new/", views.member_create, name="member-create"),
    path("agencies/<int:agency_id>/members/existing/", views.member_grant, name="member-grant"),
    path("memberships/<int:membership_id>/role/", views.membership_role, name="membership-role"),
    path("memberships/<int:membership_id>/end/", views.membership_end, name="membership-end"),
    path("memberships/<int:membership_id>/active/", views.member_active, name="member-active"),
    path("memberships/<int:membership_id>/password/", views.member_password, name="member-password"),
]
