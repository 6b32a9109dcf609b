"""The long-term unemployment rows name their real source.

They were labelled "STAR's definition"; checked 2026-12-04: STAR and Danmarks Statistik count a
person as long-term unemployed after 52 continuous weeks of gross unemployment (breaks of up to
28 days included). "80 % of the time in one year" is the measure of Ballerup's employment plan
(seed 002), which the strategy's targets are set in; the rows keep its values and now say so.
"""

from django.db import migrations

KEYS = ("long_term_unemployment_percent", "long_term_unemployment_window_months")
OLD = "STAR's definition"
NEW = "Ballerups beskæftigelsesplan (mål 2: ledige i 80 pct. af tiden i 1 år)"


def relabel(apps, schema_editor, old=OLD, new=NEW):
    Rule = apps.get_model("core", "Rule")
    Rule.objects.using(schema_editor.connection.alias).filter(
        key__in=KEYS, legal_reference=old
    ).update(legal_reference=new)


def restore(apps, schema_editor):
    relabel(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_frikort_warning_rule")]

    operations = [migrations.RunPython(relabel, restore)]
