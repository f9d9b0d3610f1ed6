from django import forms

from .models import Patient


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["full_name", "email", "phone_number", "date_of_birth", "ethnicity"]


class ContactForm(forms.Form):
    email = forms.EmailField()
    message = forms.CharField(widget=forms.Textarea)
    home_address = forms.CharField(required=False)
