return ctx.Body.approved == true;
