return new { started = true };
