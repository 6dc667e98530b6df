"""The live coverage box on an article's admin page (editorial's change form): a link to
the posting desk and the buttons that make it live or end it, for those who may."""

from django import template

from xeber.editorial.policy import Action, can

register = template.Library()


@register.inclusion_tag("live/article_tools.html", takes_context=True)
def live_tools(context, article):
    user = context["request"].user
    return {
        "article": article,
        "may_manage": can(user, Action.LIVE, article),
        "may_post": can(user, Action.LIVE_POST, article),
        "csrf_token": context.get("csrf_token"),
    }
