return new { channel = "sms" };
