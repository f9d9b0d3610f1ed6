from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .forms import ContactForm, PatientForm
from .models import Appointment, Doctor, Invitation, Patient, PortalAccessLog


def register(request):
    form = PatientForm(request.POST or None)
    if form.is_valid():
        patient = form.save()
        send_mail("Welcome", "Your account is ready", None, [patient.email])
    return render(request, "clinic/register.html", {"form": form})


def patient_detail(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    PortalAccessLog.objects.create(patient=patient, ip_address=request.META["REMOTE_ADDR"], path=request.path)
    return render(request, "clinic/patient.html", {"patient": patient})


def contact(request):
    form = ContactForm(request.POST or None)
    if form.is_valid():
        send_mail("Contact", form.cleaned_data["message"], form.cleaned_data["email"], ["desk@clinic.example"])
    return render(request, "clinic/contact.html", {"form": form})


def erase_patient(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    Appointment.objects.filter(patient=patient).delete()
    patient.full_name = "[erased]"
    patient.email = ""
    patient.phone_number = ""
    patient.emergency_contact_phone = ""
    patient.anonymised_at = timezone.now()
    patient.save()
    return render(request, "clinic/erased.html")


def invite(request):
    inv = Invitation.objects.create(email=request.POST["email"], token=new_token())
    send_mail("Join us", inv.token, None, [inv.email])


def doctors(request):
    return render(request, "clinic/doctors.html", {"doctors": Doctor.objects.all()})


def remove_doctor(request, pk):
    Doctor.objects.filter(pk=pk).delete()
