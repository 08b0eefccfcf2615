SELECT data, email FROM evo.instance_data;
