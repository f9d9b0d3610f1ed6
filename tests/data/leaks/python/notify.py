import requests


def printAndDiscord(msg):
    print(msg)
    requests.post("https://discord.invalid/webhook", json={"content": "event"})


def send_email(to, body):
    return requests.post("https://mail.invalid/send", json={"to": to, "body": body})
