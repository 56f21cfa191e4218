from django import template

register = template.Library()


@register.filter
def without_placeholder(field):
    """The field's widget without a placeholder: every field has a visible label, and allauth's
    Swedish placeholders ("Epost-adress") would only repeat it in other words."""
    html = field.as_widget(attrs={"placeholder": False})
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html
