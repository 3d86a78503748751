from django.db import migrations

POLICY = """<p>We welcome comments that add to the story: a correction, a question,
an experience, a different view argued with respect.</p>
<h2>Before a comment appears</h2>
<p>A moderator reads every comment before it appears, usually within a few
hours. We do not publish comments that:</p>
<ul>
<li>attack, threaten or harass anyone, including other readers and our staff;</li>
<li>contain hate speech or slurs;</li>
<li>reveal someone's private information, such as an address or phone number;</li>
<li>could be libellous or prejudice a trial;</li>
<li>advertise, or are off topic.</li>
</ul>
<h2>Your information</h2>
<p>Your name is published with your comment. Your email address is never shown;
we use it only to contact you about your comment. To see or delete your
comments, write to us from that address.</p>"""


def create_policy(apps, schema_editor):
    CommentPolicy = apps.get_model("comments", "CommentPolicy")
    CommentPolicy.objects.get_or_create(
        pk=1, defaults={"title": "Comment Policy", "body": POLICY}
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [
        migrations.RunPython(create_policy, migrations.RunPython.noop),
    ]
