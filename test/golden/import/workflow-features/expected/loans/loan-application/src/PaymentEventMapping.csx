return new { key = evt.ApplicationId };
