from django.conf import settings
from django.db import models


class Patient(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE)
    full_name = models.CharField(max_length=120)
    email = models.EmailField()
    phone_number = models.CharField(max_length=20)
    date_of_birth = models.DateField()
    ethnicity = models.CharField(max_length=40, blank=True)
    emergency_contact_phone = models.CharField(max_length=20, blank=True)
    anonymised_at = models.DateTimeField(null=True)


class Appointment(models.Model):
    patient = models.ForeignKey(Patient, models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField()
    reason = models.TextField()


class ClinicalNote(models.Model):
    patient = models.ForeignKey(Patient, models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(auto_now_add=True)
    body = models.TextField()


class PortalAccessLog(models.Model):
    patient = models.ForeignKey(Patient, models.CASCADE)
    ip_address = models.GenericIPAddressField()
    path = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)


class Invitation(models.Model):
    email = models.EmailField()
    token = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)


class Doctor(models.Model):
    full_name = models.CharField(max_length=120)
    email = models.EmailField()
    specialty = models.CharField(max_length=60)
